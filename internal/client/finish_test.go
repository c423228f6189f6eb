package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// A create sent before Terraform stops the provider runs to its answer on a
// Finish context, although its caller's context is cancelled meanwhile.
func TestFinishCarriesACreateThrough(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	if _, err := c.ListAPIs(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.SetLatency(http.MethodPost, "/api/apis", 300*time.Millisecond)
	ctx, stop := context.WithCancel(context.Background())
	fctx, done := c.Finish(ctx)
	defer done()
	time.AfterFunc(50*time.Millisecond, stop)
	api, err := c.CreateAPIOnce(fctx, &wire.API{Name: "finished", APIVersion: &wire.APIVersion{Name: "1"}})
	if err != nil || len(m.APIs()) != 1 || m.APIs()[0].APIID != api.APIID {
		t.Fatalf("api %+v, err %v, the platform holds %d: want the one created", api, err, len(m.APIs()))
	}
	if n := m.CountRequests(http.MethodPost, "/api/apis"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

// A create whose answer is lost after the stop (here: the attempt timed
// out while the platform was still at work) is looked for again, without a
// second POST, until the platform has made it.
func TestStoppedCreateIsLookedForAgain(t *testing.T) {
	m := newMock(t)
	c := m.client(t, func(cfg *client.Config) {
		cfg.RequestTimeout = 200 * time.Millisecond
		cfg.RecoveryBound = 5 * time.Second
	})
	if _, err := c.ListAPIs(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.SetLatency(http.MethodPost, "/api/apis", 700*time.Millisecond)
	ctx, stop := context.WithCancel(context.Background())
	fctx, done := c.Finish(ctx)
	defer done()
	time.AfterFunc(50*time.Millisecond, stop)
	api, err := c.CreateAPIOnce(fctx, &wire.API{Name: "slow", APIVersion: &wire.APIVersion{Name: "1"}})
	m.WaitIdle(5 * time.Second)
	if err != nil || api == nil || len(m.APIs()) != 1 || m.APIs()[0].APIID != api.APIID {
		t.Fatalf("api %+v, err %v, the platform holds %d: want the slow create found and adopted", api, err, len(m.APIs()))
	}
	if n := m.CountRequests(http.MethodPost, "/api/apis"); n != 1 {
		t.Fatalf("%d POSTs, want 1: nothing is sent again after the stop", n)
	}
}

// When even the look-ups' bound runs out, the create is unconfirmed: an
// error that says so, and no second POST.
func TestStoppedCreateNotFoundIsUnconfirmed(t *testing.T) {
	m := newMock(t)
	c := m.client(t, func(cfg *client.Config) {
		cfg.RequestTimeout = 100 * time.Millisecond
		cfg.RecoveryBound = 200 * time.Millisecond
	})
	if _, err := c.ListAPIs(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.SetLatency(http.MethodPost, "/api/apis", time.Second)
	ctx, stop := context.WithCancel(context.Background())
	fctx, done := c.Finish(ctx)
	defer done()
	time.AfterFunc(20*time.Millisecond, stop)
	_, err := c.CreateAPIOnce(fctx, &wire.API{Name: "late", APIVersion: &wire.APIVersion{Name: "1"}})
	var unconfirmed *client.UnconfirmedError
	if !errors.As(err, &unconfirmed) {
		t.Fatalf("err = %v, want an UnconfirmedError", err)
	}
	m.WaitIdle(5 * time.Second)
	if n := m.CountRequests(http.MethodPost, "/api/apis"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

// After the stop nothing is repeated: a 429, which the platform did not
// act on, stays an error instead of being retried.
func TestNothingIsRetriedAfterTheStop(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	if _, err := c.ListAPIs(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	fctx, done := c.Finish(ctx)
	defer done()
	stop()
	m.ResetRequests()
	m.InjectFaults(http.MethodGet, "/api/apis", mockplatform.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"})
	if _, err := c.ListAPIs(fctx); client.StatusCode(err) != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429 itself", err)
	}
	if n := len(m.Requests()); n != 1 {
		t.Fatalf("%d requests, want 1: nothing is repeated after the stop", n)
	}
}
