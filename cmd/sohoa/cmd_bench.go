package main

import (
	"context"
	"fmt"
	"os"
	"sort"
)

// benchmarks are the `sohoa bench NAME` subcommands; each registers itself
// in init from its own cmd_bench_<name>.go file.
var benchmarks = map[string]command{}

func registerBench(c command) {
	if _, dup := benchmarks[c.name]; dup {
		panic("duplicate benchmark " + c.name)
	}
	benchmarks[c.name] = c
}

func init() {
	register(command{
		name:    "bench",
		summary: "run a benchmark: bench NAME [flags] (accuracy, fields, load, neardup, pagecpu, search, storage, throughput)",
		run: func(ctx context.Context, args []string) error {
			if len(args) == 0 {
				benchUsage()
				return exitError{2}
			}
			b, ok := benchmarks[args[0]]
			if !ok {
				fmt.Fprintf(os.Stderr, "sohoa bench: unknown benchmark %q\n", args[0])
				benchUsage()
				return exitError{2}
			}
			return b.run(ctx, args[1:])
		},
	})
}

func benchUsage() {
	fmt.Fprintln(os.Stderr, "usage: sohoa bench NAME [flags]\n\nbenchmarks:")
	names := make([]string, 0, len(benchmarks))
	for n := range benchmarks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-11s %s\n", n, benchmarks[n].summary)
	}
}
