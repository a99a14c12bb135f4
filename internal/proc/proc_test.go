package proc_test

import (
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/proc"
)

func TestChildStateAndMemory(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	if kids := proc.Children(os.Getpid()); !slices.Contains(kids, pid) {
		t.Fatalf("children of this test %v miss the sleep %d", kids, pid)
	}
	if s := proc.ReadStat(pid); s.PPID != os.Getpid() || s.State == "" || s.CPU < 0 {
		t.Fatalf("stat of the sleep: %+v", s)
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for proc.ReadStat(pid).State != "T" {
		if time.Now().After(deadline) {
			t.Fatalf("state %q after SIGSTOP, want T", proc.ReadStat(pid).State)
		}
		time.Sleep(10 * time.Millisecond)
	}

	self := os.Getpid()
	for t0 := time.Now(); time.Since(t0) < 50*time.Millisecond; {
		// spin: the process's CPU time must show
	}
	if s := proc.ReadStat(self); s.CPU <= 0 || s.PPID != os.Getppid() {
		t.Errorf("stat of this test: %+v, want some CPU and parent %d", s, os.Getppid())
	}
	rss, peak := proc.RSS(self), proc.PeakRSS(self)
	rrss, pss := proc.Rollup(self)
	if rss <= 0 || peak < rss || rrss <= 0 || pss <= 0 || pss > rrss {
		t.Errorf("memory of this test: statm RSS %.1f, VmHWM %.1f, rollup RSS %.1f PSS %.1f MB", rss, peak, rrss, pss)
	}

	cmd.Process.Kill()
	cmd.Wait()
	if s := proc.ReadStat(pid); s != (proc.Stat{}) || proc.RSS(pid) != 0 || proc.PeakRSS(pid) != 0 {
		t.Errorf("a reaped process: stat %+v, RSS %.1f, peak %.1f", s, proc.RSS(pid), proc.PeakRSS(pid))
	}
}
