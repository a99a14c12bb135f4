package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/hibiken/asynq"
)

// parseRedisURL reads SOHOA_REDIS_URL. Besides what asynq.ParseRedisURI
// reads (redis://, rediss://, redis-socket://), it takes the two forms a
// scaled-out deployment uses:
//
//	redis-sentinel://[:password@]host:port,host:port/[db]?master=NAME[&sentinel_password=PW]
//	redis-cluster://[:password@]host:port,host:port
//
// Unlike asynq's own sentinel parsing, the URL's password is the one of
// the Redis servers (what the data needs) and a database number is kept;
// the sentinels' password, when they have one, is a query parameter.
func parseRedisURL(s string) (asynq.RedisConnOpt, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("parse redis URL: %w", err)
	}
	switch u.Scheme {
	case "redis-sentinel":
		addrs, err := hostList(u)
		if err != nil {
			return nil, err
		}
		master := u.Query().Get("master")
		if master == "" {
			return nil, fmt.Errorf("redis-sentinel URL: missing ?master=NAME")
		}
		db, err := dbNumber(u)
		if err != nil {
			return nil, err
		}
		pw, _ := u.User.Password()
		return asynq.RedisFailoverClientOpt{
			MasterName:       master,
			SentinelAddrs:    addrs,
			SentinelPassword: u.Query().Get("sentinel_password"),
			Username:         u.User.Username(),
			Password:         pw,
			DB:               db,
		}, nil
	case "redis-cluster":
		addrs, err := hostList(u)
		if err != nil {
			return nil, err
		}
		if db, err := dbNumber(u); err != nil || db != 0 {
			return nil, fmt.Errorf("redis-cluster URL: Redis Cluster has only database 0")
		}
		pw, _ := u.User.Password()
		return asynq.RedisClusterClientOpt{Addrs: addrs, Username: u.User.Username(), Password: pw}, nil
	default:
		return asynq.ParseRedisURI(s)
	}
}

func hostList(u *url.URL) ([]string, error) {
	var addrs []string
	for _, h := range strings.Split(u.Host, ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if !strings.Contains(h, ":") {
			return nil, fmt.Errorf("%s URL: %q has no port", u.Scheme, h)
		}
		addrs = append(addrs, h)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%s URL: no host", u.Scheme)
	}
	return addrs, nil
}

func dbNumber(u *url.URL) (int, error) {
	p := strings.Trim(u.Path, "/")
	if p == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s URL: database %q is not a number", u.Scheme, p)
	}
	return n, nil
}
