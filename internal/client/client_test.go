package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// mock is the demo platform served for one test, with a client for it.
type mock struct {
	*mockplatform.Running
}

func newMock(t *testing.T, change ...func(*mockplatform.Config)) *mock {
	t.Helper()
	cfg := mockplatform.DemoConfig()
	// Tests count the APIs they create and the addresses they set.
	cfg.APIs = nil
	cfg.Projects[0].Proxies[0].RoutingAddresses = nil
	for _, c := range change {
		c(&cfg)
	}
	return &mock{mockplatform.Start(t, cfg)}
}

func (m *mock) client(t *testing.T, change ...func(*client.Config)) *client.Client {
	cfg := client.Config{Endpoint: m.URL, Token: "demo-token", FedMemberID: "acmepaymentscorp",
		Email: "ops@acme.example", Password: "demo-password", MaxRetries: 3,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, RequestTimeout: 5 * time.Second}
	for _, c := range change {
		c(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSessionIsSharedAndRenewedOnce(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ListAPIs(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := m.CountRequests(http.MethodPost, "/api/login"); n != 1 {
		t.Fatalf("%d logins for 20 parallel calls, want 1", n)
	}
	m.ExpireSessions()
	if _, err := c.CreateAPI(ctx, &wire.API{Name: "a", APIVersion: &wire.APIVersion{Name: "1"}}); err != nil {
		t.Fatalf("create after expiry: %v", err)
	}
	if n := m.CountRequests(http.MethodPost, "/api/login"); n != 2 {
		t.Fatalf("%d logins after one expiry, want 2", n)
	}
	if n := m.CountRequests(http.MethodPost, "/api/apis"); n != 2 {
		t.Fatalf("%d POSTs, want the refused one and its repeat", n)
	}
}

func TestSecondRefusalIsAnError(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	refusals := make([]mockplatform.Fault, 10)
	for i := range refusals {
		refusals[i] = mockplatform.Fault{Status: 401}
	}
	m.InjectFaults(http.MethodGet, "/api/apis", refusals...)
	_, err := c.ListAPIs(context.Background())
	if client.StatusCode(err) != http.StatusUnauthorized {
		t.Fatalf("err = %v, want a 401 APIError", err)
	}
	if n := m.CountRequests(http.MethodPost, "/api/login"); n != 2 {
		t.Fatalf("%d logins, want the first and exactly one renewal", n)
	}
}

// Sessions that last 3 requests under 10 parallel callers: every call
// succeeds and each expired session is renewed by exactly one login.
func TestFrequentExpiryUnderParallelCalls(t *testing.T) {
	m := newMock(t, func(c *mockplatform.Config) { c.SessionMaxRequests = 3 })
	c := m.client(t)
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.CreateAPIOnce(context.Background(), &wire.API{Name: fmt.Sprintf("api-%d", i), APIVersion: &wire.APIVersion{Name: "1"}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if logins, expiries := m.Logins(), m.Expiries(); logins > expiries+1 || expiries < 10 {
		t.Fatalf("%d logins for %d expiries; want one per expiry plus the first", logins, expiries)
	}
}

func TestBadPasswordIsALoginError(t *testing.T) {
	m := newMock(t)
	c := m.client(t, func(c *client.Config) { c.Password = "wrong" })
	_, err := c.GetAPI(context.Background(), "api1.acmepaymentscorp")
	var le *client.LoginError
	if !errors.As(err, &le) || client.StatusCode(err) != 401 {
		t.Fatalf("err = %v, want a LoginError with 401", err)
	}
	if n := m.CountRequests("", "/"); n != 1 {
		t.Fatalf("%d requests, want exactly one login attempt", n)
	}
}

func TestRetryRulesByMethod(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		fault    mockplatform.Fault
		attempts int
		ok       bool
	}{
		{"GET after 502", http.MethodGet, mockplatform.Fault{Status: 502}, 2, true},
		{"GET after dropped connection", http.MethodGet, mockplatform.Fault{DropBefore: true}, 2, true},
		{"PUT after 500", http.MethodPut, mockplatform.Fault{Status: 500}, 2, true},
		{"PUT after lost answer", http.MethodPut, mockplatform.Fault{DropAfter: true}, 2, true},
		{"POST after 503", http.MethodPost, mockplatform.Fault{Status: 503, RetryAfter: "0"}, 2, true},
		{"POST after 429", http.MethodPost, mockplatform.Fault{Status: 429, RetryAfter: "0"}, 2, true},
		{"POST after 500 is not repeated", http.MethodPost, mockplatform.Fault{Status: 500}, 1, false},
		{"POST after lost answer is not repeated", http.MethodPost, mockplatform.Fault{DropAfter: true}, 1, false},
		{"GET after answer cut midway", http.MethodGet, mockplatform.Fault{CutAnswer: true}, 2, true},
		{"PUT after answer cut midway", http.MethodPut, mockplatform.Fault{CutAnswer: true}, 2, true},
		{"POST after answer cut midway is not repeated", http.MethodPost, mockplatform.Fault{CutAnswer: true}, 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newMock(t)
			c := m.client(t)
			ctx := context.Background()
			if _, err := c.ListAPIs(ctx); err != nil { // log in first
				t.Fatal(err)
			}
			existing := mustCreate(t, c)
			m.ResetRequests()
			m.InjectFaults(tc.method, "/api/apis", tc.fault)
			var err error
			switch tc.method {
			case http.MethodGet:
				_, err = c.ListAPIs(ctx)
			case http.MethodPut:
				_, err = c.UpdateAPI(ctx, existing.APIID, &wire.API{Name: "b", APIVersion: &wire.APIVersion{Name: "1"}})
			case http.MethodPost:
				_, err = c.CreateAPI(ctx, &wire.API{Name: "a", APIVersion: &wire.APIVersion{Name: "1"}})
			}
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if n := m.CountRequests(tc.method, "/api/apis"); n != tc.attempts {
				for _, r := range m.Requests() {
					t.Logf("%s %s %d", r.Method, r.Path, r.Status)
				}
				t.Fatalf("%d %s attempts, want %d", n, tc.method, tc.attempts)
			}
		})
	}
}

func mustCreate(t *testing.T, c *client.Client) *wire.API {
	t.Helper()
	api, err := c.CreateAPI(context.Background(), &wire.API{Name: "made-" + t.Name(), APIVersion: &wire.APIVersion{Name: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func TestRetriesAreBounded(t *testing.T) {
	m := newMock(t)
	c := m.client(t, func(c *client.Config) { c.MaxRetries = 2 })
	faults := make([]mockplatform.Fault, 5)
	for i := range faults {
		faults[i] = mockplatform.Fault{Status: 503, RetryAfter: "0"}
	}
	m.InjectFaults(http.MethodGet, "/apiops/", faults...)
	_, err := c.GetAPIProxy(context.Background(), "ecommerce", "orders-api")
	if client.StatusCode(err) != 503 {
		t.Fatalf("err = %v, want the last 503", err)
	}
	if n := m.CountRequests(http.MethodGet, "/apiops/"); n != 3 {
		t.Fatalf("%d attempts, want 1 + max_retries (2)", n)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	m.InjectFaults(http.MethodGet, "/apiops/", mockplatform.Fault{Status: 429, RetryAfter: "1"})
	start := time.Now()
	if _, err := c.GetAPIProxy(context.Background(), "ecommerce", "orders-api"); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("repeated after %v; Retry-After asked for 1s", waited)
	}
}

func TestProxyFormsAndPatchFallback(t *testing.T) {
	for name, change := range map[string]func(*mockplatform.Config){
		"bare":       func(*mockplatform.Config) {},
		"wrapped":    func(c *mockplatform.Config) { c.NewerManager = true },
		"patch only": func(c *mockplatform.Config) { c.PatchOnly = true },
	} {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, change)
			c := m.client(t)
			ctx := context.Background()
			list := []wire.RoutingAddress{{Address: "https://b.example.com", Weight: 2, SoapType: "SOAP12"}}
			if _, err := c.ApplyRouting(ctx, "ecommerce", "billing-soap", client.RoutingChange{Addresses: list}); err != nil {
				t.Fatal(err)
			}
			px, err := c.GetAPIProxy(ctx, "ecommerce", "billing-soap")
			if err != nil {
				t.Fatal(err)
			}
			if px.APIType != "SOAP" || len(px.Routing.RoutingAddressList) != 1 || px.Routing.RoutingAddressList[0] != list[0] {
				t.Fatalf("read back %+v", px)
			}
			_, err = c.GetAPIProxy(ctx, "ecommerce", "missing")
			if !errors.Is(err, client.ErrNotFound) {
				t.Fatalf("missing proxy: %v, want ErrNotFound", err)
			}
		})
	}
}

func TestNamesAreEscaped(t *testing.T) {
	var seen atomic.Value
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.URL.EscapedPath())
		_, _ = w.Write([]byte(`{"name":"x","apiType":"REST","routing":{}}`))
	}))
	defer hs.Close()
	c, _ := client.New(client.Config{Endpoint: hs.URL, Token: "t"})
	if _, err := c.GetAPIProxy(context.Background(), "my project", "a/b"); err != nil {
		t.Fatal(err)
	}
	if got := seen.Load(); got != "/apiops/projects/my%20project/apiProxies/a%2Fb/" {
		t.Fatalf("path %v", got)
	}
}

func TestNewRejectsBadEndpoint(t *testing.T) {
	for _, e := range []string{"", "manager.example.com", "ftp://x", "http://"} {
		if _, err := client.New(client.Config{Endpoint: e}); err == nil {
			t.Errorf("New accepted endpoint %q", e)
		}
	}
}

func TestLoginIsRepeatedAfterServerErrors(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	m.InjectFaults(http.MethodPost, "/api/login", mockplatform.Fault{Status: 502}, mockplatform.Fault{DropAfter: true})
	if _, err := c.ListAPIs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := m.CountRequests(http.MethodPost, "/api/login"); n != 3 {
		t.Fatalf("%d login attempts, want 3", n)
	}
}

func TestCreateAPIOnce(t *testing.T) {
	cases := []struct {
		name   string
		faults []mockplatform.Fault
		posts  int
	}{
		{"answer lost after the create", []mockplatform.Fault{{DropAfter: true}}, 1},
		{"connection dropped before the create", []mockplatform.Fault{{DropBefore: true}}, 2},
		{"500 without a create", []mockplatform.Fault{{Status: 500}, {Status: 502}}, 3},
		{"answer lost twice", []mockplatform.Fault{{Status: 504}, {DropAfter: true}}, 2},
		{"answer cut off midway after the create", []mockplatform.Fault{{CutAnswer: true}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newMock(t)
			c := m.client(t)
			m.InjectFaults(http.MethodPost, "/api/apis", tc.faults...)
			api, err := c.CreateAPIOnce(context.Background(), &wire.API{Name: "once", Description: "d", APIVersion: &wire.APIVersion{Name: "1"}})
			if err != nil {
				t.Fatal(err)
			}
			all := m.APIs()
			if len(all) != 1 || all[0].APIID != api.APIID || api.Description != "d" {
				t.Fatalf("the platform holds %d APIs (%+v), want exactly the one returned", len(all), all)
			}
			if n := m.CountRequests(http.MethodPost, "/api/apis"); n != tc.posts {
				t.Fatalf("%d POSTs, want %d", n, tc.posts)
			}
		})
	}
}

func TestCreateAPIOnceConflict(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	first, err := c.CreateAPIOnce(context.Background(), &wire.API{Name: "taken", APIVersion: &wire.APIVersion{Name: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateAPIOnce(context.Background(), &wire.API{Name: "taken", APIVersion: &wire.APIVersion{Name: "1"}})
	var ce *client.ConflictError
	if !errors.As(err, &ce) || ce.ExistingID != first.APIID || client.StatusCode(err) != 409 {
		t.Fatalf("err = %v, want a ConflictError naming %s", err, first.APIID)
	}
}

func TestCreateAPIOnceCancelledIsStillFound(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	if _, err := c.ListAPIs(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.InjectFaults(http.MethodPost, "/api/apis", mockplatform.Fault{SlowAnswer: 300 * time.Millisecond})
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	api, err := c.CreateAPIOnce(ctx, &wire.API{Name: "interrupted", APIVersion: &wire.APIVersion{Name: "1"}})
	if err != nil || api == nil || len(m.APIs()) != 1 || m.APIs()[0].APIID != api.APIID {
		t.Fatalf("api = %+v, err = %v, platform holds %d; want the created API tracked", api, err, len(m.APIs()))
	}
}

// An empty answer cut off is still a lost answer: DELETE is repeated.
func TestDeleteAfterCutAnswerIsRepeated(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	api := mustCreate(t, c)
	m.InjectFaults(http.MethodDelete, "/api/apis/", mockplatform.Fault{CutAnswer: true})
	err := c.DeleteAPI(context.Background(), api.APIID)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("delete: %v", err)
	}
	if n := m.CountRequests(http.MethodDelete, "/api/apis/"); n != 2 || len(m.APIs()) != 0 {
		t.Fatalf("%d DELETEs, %d APIs left; want the cut-off DELETE repeated and the API gone", n, len(m.APIs()))
	}
}
