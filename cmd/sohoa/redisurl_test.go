package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/testenv"
)

func TestParseRedisURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		want asynq.RedisConnOpt
		bad  bool
	}{
		{url: "redis://redis:6379/2", want: asynq.RedisClientOpt{Addr: "redis:6379", DB: 2}},
		{url: "redis-sentinel://:pw@s1:26379,s2:26379,s3:26379/1?master=sohoa&sentinel_password=spw",
			want: asynq.RedisFailoverClientOpt{MasterName: "sohoa", SentinelAddrs: []string{"s1:26379", "s2:26379", "s3:26379"},
				Password: "pw", SentinelPassword: "spw", DB: 1}},
		{url: "redis-sentinel://s1:26379", bad: true},     // no master name
		{url: "redis-sentinel://s1/?master=m", bad: true}, // no port
		{url: "redis-cluster://:pw@n1:7000,n2:7001,n3:7002", want: asynq.RedisClusterClientOpt{Addrs: []string{"n1:7000", "n2:7001", "n3:7002"}, Password: "pw"}},
		{url: "redis-cluster://n1:7000/3", bad: true}, // a cluster has only db 0
		{url: "memcached://x:1", bad: true},
	} {
		got, err := parseRedisURL(c.url)
		if c.bad {
			if err == nil {
				t.Errorf("parseRedisURL(%q) = %+v, want an error", c.url, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseRedisURL(%q): %v", c.url, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseRedisURL(%q) = %+v, want %+v", c.url, got, c.want)
		}
	}
}

// TestRedisSentinelURL enqueues through a real Redis Sentinel: the client
// finds the master by asking the sentinel, as workers on many machines do.
func TestRedisSentinelURL(t *testing.T) {
	master := testenv.StartRedis(t)
	port := freeTCPPort(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf") // sentinel rewrites its config: it must be writable
	err := os.WriteFile(conf, []byte(fmt.Sprintf(
		"port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor sohoa 127.0.0.1 %d 1\n", port, dir, master.Port)), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("redis-server", conf, "--sentinel")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sentinel: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sentinel did not listen: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	opt, err := parseRedisURL("redis-sentinel://" + addr + "/0?master=sohoa")
	if err != nil {
		t.Fatal(err)
	}
	client := asynq.NewClient(opt)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := client.EnqueueContext(ctx, asynq.NewTask("page:process", []byte("x")), asynq.Queue("counter")); err != nil {
		t.Fatalf("enqueue through sentinel: %v", err)
	}
	// The task is on the master, read directly.
	direct, err := asynq.ParseRedisURI(master.URL())
	if err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspector(direct)
	defer insp.Close()
	info, err := insp.GetQueueInfo("counter")
	if err != nil {
		t.Fatal(err)
	}
	if info.Pending != 1 {
		t.Errorf("pending on the master = %d, want 1", info.Pending)
	}
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
