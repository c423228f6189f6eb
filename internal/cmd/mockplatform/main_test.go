package main

import (
	"strings"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

func TestLatencyFlag(t *testing.T) {
	var l latencyFlag
	for _, v := range []string{"200ms", "POST /api/apis=3s, /apiops/=1s", "get=0s", "patch /apiops/projects/=1m"} {
		if err := l.Set(v); err != nil {
			t.Fatalf("%q: %v", v, err)
		}
	}
	want := latencyFlag{
		{PathPrefix: "/", Delay: 200 * time.Millisecond},
		{Method: "POST", PathPrefix: "/api/apis", Delay: 3 * time.Second},
		{PathPrefix: "/apiops/", Delay: time.Second},
		{Method: "GET", PathPrefix: "/"},
		{Method: "PATCH", PathPrefix: "/apiops/projects/", Delay: time.Minute},
	}
	if len(l) != len(want) {
		t.Fatalf("%v", l.String())
	}
	for i := range want {
		if l[i] != want[i] {
			t.Errorf("rule %d: %+v, want %+v", i, l[i], want[i])
		}
	}
	for _, bad := range []string{"", "soon", "POST /api/apis", "=3s", "POST api=3s", "a b c=1s", "/x=-1s", "POST /x=3"} {
		var l latencyFlag
		if err := l.Set(bad); err == nil {
			t.Errorf("%q was accepted as %v", bad, l.String())
		}
	}
}

func TestSetManager(t *testing.T) {
	for name, want := range map[string]string{"": "classic", "classic": "classic", "newer": "newer", "latest": "latest (the vendor"} {
		cfg := mockplatform.DemoConfig()
		if err := setManager(&cfg, name); err != nil || !strings.HasPrefix(managerName(cfg), want) {
			t.Errorf("-manager %q: %q, %v", name, managerName(cfg), err)
		}
	}
	if err := setManager(&mockplatform.Config{}, "newest"); err == nil {
		t.Error("-manager newest was accepted")
	}
	cfg := mockplatform.Config{LatestManager: true, NewerManager: true, PatchOnly: true}
	if err := setManager(&cfg, "classic"); err != nil || cfg.LatestManager || cfg.NewerManager || cfg.PatchOnly {
		t.Errorf("-manager classic left %+v", cfg)
	}
}

func TestRouteHealthLine(t *testing.T) {
	for _, tc := range []struct {
		pods, polls int
		want        string
	}{
		{0, 0, "3 gateway pods; the first 2 polls"},
		{5, 1, "5 gateway pods; the first 1 polls"},
		{0, -1, "3 gateway pods never pick"},
		{-1, 0, "no gateway pod answers"},
	} {
		if got := routeHealthLine(mockplatform.Config{GatewayPods: tc.pods, RoutePickupPolls: tc.polls}); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%+v: %q", tc, got)
		}
	}
}
