// Package proc reads what Linux's /proc says of a live process: its state,
// parent and CPU time, its children, and its memory. The throughput bench
// accounts sohoa's processes with it, and the tests of paused OCR helpers
// watch their state.
package proc

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
)

// clkTck is USER_HZ, the unit of the CPU times in /proc/PID/stat.
const clkTck = 100

// Stat is what /proc/PID/stat says of a process.
type Stat struct {
	State string  // R running, S sleeping, T stopped, Z zombie, …
	PPID  int     // parent
	CPU   float64 // user + system seconds
}

// ReadStat reads /proc/PID/stat; the zero Stat (State "") when the
// process is gone.
func ReadStat(pid int) Stat {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Stat{}
	}
	// The command name, in parentheses, may hold spaces: fields are
	// counted after its closing parenthesis.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return Stat{}
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return Stat{}
	}
	ppid, _ := strconv.Atoi(string(f[1]))
	ut, _ := strconv.ParseFloat(string(f[11]), 64) // field 14 of stat
	st, _ := strconv.ParseFloat(string(f[12]), 64) // field 15
	return Stat{State: string(f[0]), PPID: ppid, CPU: (ut + st) / clkTck}
}

// Children lists the live children of pid, in ascending order.
func Children(pid int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range ents {
		c, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ReadStat(c).PPID == pid {
			out = append(out, c)
		}
	}
	sort.Ints(out)
	return out
}

// PeakRSS is the peak resident set (VmHWM) of a live process in MB, 0 if
// it is gone.
func PeakRSS(pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:")); ok {
			return kbField(v) / 1024
		}
	}
	return 0
}

// RSS is the resident set of a live process in MB from /proc/PID/statm,
// 0 if it is gone. It is cheap enough to sample every few milliseconds.
func RSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	fs := bytes.Fields(b)
	if len(fs) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(string(fs[1]), 64)
	return pages * float64(os.Getpagesize()) / (1 << 20)
}

// Rollup is the Rss and Pss of a live process in MB from
// /proc/PID/smaps_rollup (0, 0 if it is gone). The kernel walks every
// mapping to answer it: ~2–3 ms for an OCR helper.
func Rollup(pid int) (rss, pss float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		if v, ok := bytes.CutPrefix(line, []byte("Rss:")); ok {
			rss = kbField(v) / 1024
		} else if v, ok := bytes.CutPrefix(line, []byte("Pss:")); ok {
			pss = kbField(v) / 1024
		}
	}
	return rss, pss
}

// kbField is the number at the start of " 1234 kB".
func kbField(v []byte) float64 {
	fs := bytes.Fields(v)
	if len(fs) == 0 {
		return 0
	}
	kb, _ := strconv.ParseFloat(string(fs[0]), 64)
	return kb
}
