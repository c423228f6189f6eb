package protocol

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The calls of list resources (terraform query) and actions (Terraform
// 1.14), forwarded to the framework's server. The three that answer at once
// get a context released when they return, as every other call does. The
// two that stream (ListResource, InvokeAction) answer with an iterator that
// terraform-plugin-go runs after the call has returned, and the framework's
// iterator keeps using the context the call was given (it reads the platform
// as it goes): that context is released when the iteration ends instead.

// errNotForwarded is a framework server without the optional interface,
// which the tripwire of versions_test.go should have caught first.
var errNotForwarded = errors.New("the framework's protocol server does not serve list resources and actions: " +
	"terraform-plugin-framework changed under this provider's server (internal/protocol); this is a bug in the provider")

func (s *releasingServer) listServer() (tfprotov6.ListResourceServer, error) {
	if l, ok := s.ProviderServer.(tfprotov6.ListResourceServer); ok {
		return l, nil
	}
	return nil, errNotForwarded
}

func (s *releasingServer) actionServer() (tfprotov6.ActionServer, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a, nil
	}
	return nil, errNotForwarded
}

func (s *releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	l, err := s.listServer()
	if err != nil {
		return nil, err
	}
	return released(ctx, req, l.ValidateListResourceConfig)
}

func (s *releasingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	l, err := s.listServer()
	if err != nil {
		return nil, err
	}
	rc := newReleasable(ctx)
	stream, err := l.ListResource(rc, req)
	if err != nil || stream == nil || stream.Results == nil {
		rc.release()
		return stream, err
	}
	results := stream.Results
	// Once the loop over results ends, early or not, the framework's
	// iterator has returned and uses the context no more.
	stream.Results = func(push func(tfprotov6.ListResourceResult) bool) {
		defer rc.release()
		results(push)
	}
	return stream, nil
}

func (s *releasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	a, err := s.actionServer()
	if err != nil {
		return nil, err
	}
	return released(ctx, req, a.ValidateActionConfig)
}

func (s *releasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	a, err := s.actionServer()
	if err != nil {
		return nil, err
	}
	return released(ctx, req, a.PlanAction)
}

func (s *releasingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	a, err := s.actionServer()
	if err != nil {
		return nil, err
	}
	rc := newReleasable(ctx)
	stream, err := a.InvokeAction(rc, req)
	if err != nil || stream == nil || stream.Events == nil {
		rc.release()
		return stream, err
	}
	events := stream.Events
	// The framework runs the action in a goroutine of its own and ends this
	// iteration after the completed event, when the action has returned.
	// When Terraform stops listening first (push says stop), the action
	// may still be running, finishing a deployment already sent: its
	// context is then left as it is.
	stream.Events = func(push func(tfprotov6.InvokeActionEvent) bool) {
		abandoned := false
		defer func() {
			if !abandoned {
				rc.release()
			}
		}()
		events(func(ev tfprotov6.InvokeActionEvent) bool {
			if !push(ev) {
				abandoned = true
				return false
			}
			return true
		})
	}
	return stream, nil
}
