// Package protocol serves the provider over Terraform's plugin protocol 6:
// the framework's server, with each request's context released when its
// call returns, and fast paths that answer the plan, refresh and state
// upgrade of an unchanged resource where they provably give the framework's
// answer. It knows no resource by name: what a resource must tell the fast
// paths it tells through the interfaces of fastpath.go, which the resources
// of internal/provider implement beside the code they must agree with.
package protocol

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer is the provider's protocol 6 server: the framework's, with
// every call made per resource or data source instance given a context
// that lets go of the request's own context once the call returns.
//
// terraform-plugin-framework (1.19) keeps the cancel function of every
// request context it is given, for StopProvider: proto6server's
// registerContext appends to a slice that only StopProvider empties. Each
// one holds the whole request context chain, with the gRPC stream and the
// logger copies terraform-plugin-go and the framework attach per request and
// per attribute path. A plan of 1,000 APIs kept tens of megabytes alive that
// way, and the collector then ran almost continuously.
//
// It also answers the plan, refresh and state upgrade of a resource that
// did not change itself, where it provably gives the framework's answer
// (fastpath.go), unless PLATFORM_FAST_PATHS=off.
func NewServer(p provider.Provider, opts ...Option) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		o := options{mode: modeFromEnv()}
		for _, opt := range opts {
			opt(&o)
		}
		inner, _ := providerserver.NewProtocol6WithError(p)()
		return &releasingServer{ProviderServer: inner, fast: newFastPaths(p, o.mode)}
	}
}

// Option changes how NewServer serves.
type Option func(*options)

type options struct{ mode fastMode }

// fastMode says what the fast paths do.
type fastMode int

const (
	// fastOn takes every fast path that provably applies.
	fastOn fastMode = iota
	// fastOff takes none and writes no read record: the framework answers
	// every call, as PLATFORM_FAST_PATHS=off asks.
	fastOff
	// fastReference takes none, but writes the read records as fastOn does,
	// so that its answers are the ones fastOn must equal.
	fastReference
)

// FastPathsEnv turns the fast paths off when set to "off".
const FastPathsEnv = "PLATFORM_FAST_PATHS"

func modeFromEnv() fastMode {
	if os.Getenv(FastPathsEnv) == "off" {
		return fastOff
	}
	return fastOn
}

// WithFastPaths turns the fast paths on or off whatever PLATFORM_FAST_PATHS
// says (tests).
func WithFastPaths(on bool) Option {
	return func(o *options) {
		o.mode = fastOff
		if on {
			o.mode = fastOn
		}
	}
}

// AsReference takes no fast path but writes the read records a fast server
// writes: the server a fast one is compared with.
func AsReference() Option { return func(o *options) { o.mode = fastReference } }

// releasingServer forwards every call to the framework's server.
type releasingServer struct {
	tfprotov6.ProviderServer
	fast *fastPaths
}

// terraform-plugin-go (0.31) serves list resources (terraform query) and
// actions only for a server that implements these two optional interfaces,
// which it type-asserts: the embedded ProviderServer does not carry them,
// so each of their calls is forwarded below (listactions.go).
var (
	_ tfprotov6.ProviderServerWithListResource = (*releasingServer)(nil) //nolint:staticcheck // the only way plugin-go 0.31 offers
	_ tfprotov6.ProviderServerWithActions      = (*releasingServer)(nil) //nolint:staticcheck // the only way plugin-go 0.31 offers
)

func (s *releasingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	s.fast.configureProvider(resp)
	return resp, err
}

// released runs f with a context released when f returns.
func released[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := newReleasable(ctx)
	defer rc.release()
	return f(rc, req)
}

// newReleasable is ctx until released.
func newReleasable(ctx context.Context) *releasableContext {
	return &releasableContext{parent: ctx, done: ctx.Done()}
}

func (s *releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return released(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s *releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if resp := s.fast.upgrade(ctx, req); resp != nil {
		return resp, nil
	}
	return released(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s *releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return released(ctx, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s *releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return released(ctx, req, s.readResource)
}

func (s *releasingServer) readResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	r := s.fast.beginRead(ctx, req)
	if r == nil {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	if resp := r.answer(); resp != nil {
		return resp, nil
	}
	// Released again: the framework keeps the context it is given, and this
	// one carries the recorded answers.
	resp, err := released(r.ctx, req, s.ProviderServer.ReadResource)
	r.remember(resp)
	return resp, err
}

func (s *releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, ctx := s.fast.plan(ctx, req)
	if resp != nil {
		return resp, nil
	}
	return released(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s *releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return released(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s *releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return released(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s *releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return released(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s *releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return released(ctx, req, s.ProviderServer.ReadDataSource)
}

// releasableContext is its parent until released, and then holds nothing
// of it but its done channel: whatever keeps the context afterwards keeps a
// few words, not the request. StopProvider still cancels the framework's
// contexts derived from it, and a cancelled request still cancels them.
type releasableContext struct {
	mu     sync.RWMutex
	parent context.Context
	done   <-chan struct{}
}

func (c *releasableContext) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parent = nil
}

func (c *releasableContext) current() context.Context {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.parent
}

func (c *releasableContext) Deadline() (time.Time, bool) {
	if p := c.current(); p != nil {
		return p.Deadline()
	}
	return time.Time{}, false
}

func (c *releasableContext) Done() <-chan struct{} { return c.done }

func (c *releasableContext) Err() error {
	if p := c.current(); p != nil {
		return p.Err()
	}
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func (c *releasableContext) Value(key any) any {
	if p := c.current(); p != nil {
		return p.Value(key)
	}
	return nil
}
