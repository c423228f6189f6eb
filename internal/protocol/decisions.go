package protocol

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Stats counts what the fast paths took and declined, and why they
// declined, for tests and for the debug log's readers.
type Stats struct {
	PlanTaken, PlanDeclined       atomic.Int64
	ReadTaken, ReadDeclined       atomic.Int64
	UpgradeTaken, UpgradeDeclined atomic.Int64

	mu      sync.Mutex
	reasons map[string]int
}

// Reasons lists each reason a fast path declined for, with its count,
// most frequent first.
func (s *Stats) Reasons() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.reasons))
	for r := range s.reasons {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if s.reasons[out[i]] != s.reasons[out[j]] {
			return s.reasons[out[i]] > s.reasons[out[j]]
		}
		return out[i] < out[j]
	})
	for i, r := range out {
		out[i] = r + " (" + strconv.Itoa(s.reasons[r]) + ")"
	}
	return out
}

// StatsOf is the fast paths' count of a server NewServer made; nil for any
// other server.
func StatsOf(srv tfprotov6.ProviderServer) *Stats {
	if s, ok := srv.(*releasingServer); ok {
		return &s.fast.stats
	}
	return nil
}

// The fast paths' RPCs, as the log and the reasons name them.
const (
	rpcPlan    = "PlanResourceChange"
	rpcRead    = "ReadResource"
	rpcUpgrade = "UpgradeResourceState"
)

// decided counts and logs a fast path's decision on one call: taken when
// why is empty, else declined for that reason. Reasons are fixed phrases,
// never values, so that a log shows no configuration or state.
func (f *fastPaths) decided(ctx context.Context, rpc, typeName, why string) {
	taken, declined := f.counters(rpc)
	fields := map[string]any{"tf_resource_type": typeName}
	if why == "" {
		taken.Add(1)
		tflog.Debug(ctx, "Fast path taken: "+rpc+" answered without the framework", fields)
		return
	}
	declined.Add(1)
	f.stats.mu.Lock()
	if f.stats.reasons == nil {
		f.stats.reasons = map[string]int{}
	}
	f.stats.reasons[rpc+": "+why]++
	f.stats.mu.Unlock()
	fields["reason"] = why
	tflog.Debug(ctx, "Fast path declined: "+rpc+" left to the framework", fields)
}

func (f *fastPaths) counters(rpc string) (taken, declined *atomic.Int64) {
	switch rpc {
	case rpcPlan:
		return &f.stats.PlanTaken, &f.stats.PlanDeclined
	case rpcRead:
		return &f.stats.ReadTaken, &f.stats.ReadDeclined
	}
	return &f.stats.UpgradeTaken, &f.stats.UpgradeDeclined
}

// attributePath is the framework's conversion of a path to the protocol's
// (totftypes.AttributePath).
func attributePath(ctx context.Context, p path.Path) (*tftypes.AttributePath, bool) {
	steps := make([]tftypes.AttributePathStep, 0, len(p.Steps()))
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(s)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(s)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(s)))
		case path.PathStepElementKeyValue:
			v, err := s.ToTerraformValue(ctx)
			if err != nil {
				return nil, false
			}
			steps = append(steps, tftypes.ElementKeyValue(v))
		default:
			return nil, false
		}
	}
	return tftypes.NewAttributePathWithSteps(steps), true
}
