package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// latencyFlag is -latency, repeatable and comma-separated: "3s" slows every
// request, "/api/=3s" every request under a prefix, "POST /api/apis=3s"
// one method under it. The mock waits before handling and finishes the
// request even when the client has gone, so a Ctrl-C mid-apply can be
// tried by hand.
type latencyFlag []mockplatform.RouteLatency

func (l *latencyFlag) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, 0, len(*l))
	for _, r := range *l {
		parts = append(parts, r.String())
	}
	return strings.Join(parts, ", ")
}

func (l *latencyFlag) Set(value string) error {
	for _, item := range strings.Split(value, ",") {
		r, err := parseLatency(strings.TrimSpace(item))
		if err != nil {
			return err
		}
		*l = append(*l, r)
	}
	return nil
}

// parseLatency reads "[METHOD] [PREFIX]=DURATION" or a bare duration.
func parseLatency(item string) (mockplatform.RouteLatency, error) {
	route, delay, found := strings.Cut(item, "=")
	if !found {
		route, delay = "", item
	}
	d, err := time.ParseDuration(strings.TrimSpace(delay))
	if err != nil || d < 0 {
		return mockplatform.RouteLatency{}, fmt.Errorf("%q: want a duration such as 3s, after = when a route is named", item)
	}
	r := mockplatform.RouteLatency{PathPrefix: "/", Delay: d}
	switch fields := strings.Fields(route); {
	case len(fields) == 0 && found:
		return r, fmt.Errorf("%q: name a method, a path prefix or both before =", item)
	case len(fields) == 0:
	case len(fields) == 1 && strings.HasPrefix(fields[0], "/"):
		r.PathPrefix = fields[0]
	case len(fields) == 1:
		r.Method = strings.ToUpper(fields[0])
	case len(fields) == 2 && strings.HasPrefix(fields[1], "/"):
		r.Method, r.PathPrefix = strings.ToUpper(fields[0]), fields[1]
	default:
		return r, fmt.Errorf("%q: want METHOD /path/prefix=duration", item)
	}
	return r, nil
}
