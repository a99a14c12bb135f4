// Command sohoa digitises the paper dossiers of Vietnamese one-stop offices.
// One binary, many subcommands; each subcommand lives in its own cmd_*.go
// file and registers itself in init.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// exitError carries an exit status without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func usage() {
	fmt.Fprintln(os.Stderr, "usage: sohoa COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", n, commands[n].summary)
	}
}

func main() {
	if runHelper() { // a helper process of this binary (e.g. the OCR pool)
		return
	}
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	c, ok := commands[os.Args[1]]
	if !ok {
		if os.Args[1] != "help" && os.Args[1] != "-h" && os.Args[1] != "--help" {
			fmt.Fprintf(os.Stderr, "sohoa: unknown command %q\n", os.Args[1])
		}
		usage()
		os.Exit(2)
	}
	setupLogging()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := c.run(ctx, os.Args[2:]); err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		fmt.Fprintf(os.Stderr, "sohoa %s: %v\n", c.name, err)
		os.Exit(1)
	}
}

func setupLogging() {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(os.Getenv("SOHOA_LOG_LEVEL")))
	h := slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: lvl})
	slog.SetDefault(slog.New(taskLogHandler{h})) // task, lane, doc ids on task logs (logging.go)
}

// runHelper runs this process as a helper when it was started as one;
// it reports whether it did. Helpers register in helperModes.
func runHelper() bool {
	mode := os.Getenv("SOHOA_HELPER")
	if mode == "" {
		return false
	}
	fn, ok := helperModes[mode]
	if !ok {
		fmt.Fprintf(os.Stderr, "sohoa: unknown helper mode %q\n", mode)
		os.Exit(2)
	}
	if err := fn(); err != nil {
		fmt.Fprintf(os.Stderr, "sohoa helper %s: %v\n", mode, err)
		os.Exit(1)
	}
	return true
}

var helperModes = map[string]func() error{}
