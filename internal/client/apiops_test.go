package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// The vendor's current release (wire/PROTOCOL.md §2, §2.1 and §2.7) wraps
// the proxy, adds fields the client does not know, never reports soapType
// and answers writes with a status envelope. Every documented field is fed
// here.
const currentReleaseProxy = `{"success": true, "resultCount": 1, "resultList": [{
  "name": "billing-soap", "description": "Legacy billing", "apiType": "SOAP",
  "clientRoute": {"relativePathList": ["/billing"], "methodList": ["POST"], "hostList": []},
  "deploymentList": [{"environmentName": "production", "revision": 7, "deployTime": "2026-11-20T10:00:00Z"}],
  "routing": {"routingEnabled": true, "loadBalanceAlgorithm": "WEIGHTED", "retryCount": 2,
    "routingAddressList": [{"address": "https://b1.internal", "weight": 3, "healthMonitoringEnabled": true,
      "description": "primary", "addressType": "URL", "healthCheckPath": "/health"}]}}]}`

func TestCurrentReleaseAnswers(t *testing.T) {
	var puts atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/billing-soap/"):
			_, _ = w.Write([]byte(currentReleaseProxy))
		case r.Method == http.MethodPut:
			puts.Add(1)
			w.WriteHeader(http.StatusMethodNotAllowed)
			_, _ = w.Write([]byte(`{"status": "FAILURE", "resultMessage": "Request method 'PUT' not supported"}`))
		case r.Method == http.MethodPatch:
			_, _ = w.Write([]byte(`{"status": "SUCCESS", "resultMessage": null, "resultList": null, "resultCount": null, "deploymentResult": null}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer hs.Close()
	c, err := client.New(client.Config{Endpoint: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	px, err := c.GetAPIProxy(ctx, "ecommerce", "billing-soap")
	if err != nil {
		t.Fatal(err)
	}
	// The wire type carries the §2.7 address fields, so the read keeps
	// every one the answer has, as it was sent.
	monitored := true
	want := wire.RoutingAddress{Address: "https://b1.internal", Weight: 3, AddressType: "URL", Description: "primary",
		HealthCheckPath: "/health", HealthMonitoringEnabled: &monitored}
	if px.APIType != "SOAP" || px.Routing.LoadBalanceAlgorithm != "WEIGHTED" || len(px.Routing.RoutingAddressList) != 1 ||
		!reflect.DeepEqual(px.Routing.RoutingAddressList[0], want) {
		t.Fatalf("read %+v", px)
	}
	sent := wire.RoutingAddress{Address: "https://b1.internal", Weight: 3}
	for range 2 {
		out, err := c.ApplyRouting(ctx, "ecommerce", "billing-soap", client.RoutingChange{Addresses: []wire.RoutingAddress{sent}})
		if err != nil || len(out) != 0 {
			t.Fatalf("write answered with a status envelope: %v %v", out, err)
		}
	}
	if n := puts.Load(); n != 1 {
		t.Fatalf("%d PUTs for two writes; after the first 405 the client should go straight to PATCH", n)
	}
}

// A 200 that says it failed is an error with the platform's message.
func TestFailureEnvelopeIsAnError(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status": "FAILURE", "resultMessage": "Routing is locked by another user"}`))
	}))
	defer hs.Close()
	c, _ := client.New(client.Config{Endpoint: hs.URL, Token: "t"})
	_, err := c.ApplyRouting(context.Background(), "p", "x", client.RoutingChange{Addresses: []wire.RoutingAddress{}})
	if err == nil || !strings.Contains(err.Error(), "Routing is locked by another user") {
		t.Fatalf("got %v", err)
	}
}

// Lists come in either envelope, or bare.
func TestListEnvelopes(t *testing.T) {
	for name, body := range map[string]string{
		"status":  `{"status": "SUCCESS", "resultList": [{"name": "a", "type": "REST", "relativePath": "/a", "extra": 1}], "resultCount": 1}`,
		"success": `{"success": true, "resultList": [{"name": "a", "type": "REST"}], "resultCount": 1}`,
		"bare":    `[{"name": "a", "type": "REST"}]`,
	} {
		t.Run(name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
			defer hs.Close()
			c, _ := client.New(client.Config{Endpoint: hs.URL, Token: "t"})
			got, err := c.ListAPIProxies(context.Background(), "p")
			if err != nil || len(got) != 1 || got[0].Name != "a" || got[0].Type != "REST" {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
}

// silentDeployments serves the mock, but answers every settings write and
// deploy with "deploymentResult": null, as the newest manager may.
func silentDeployments(mock http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		mock.ServeHTTP(rec, r)
		if r.Method == http.MethodGet || rec.Code != http.StatusOK {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		_, _ = w.Write([]byte(`{"status": "SUCCESS", "resultMessage": null, "resultList": null, "resultCount": null, "deploymentResult": null}`))
	})
}

// An answer that does not report on an environment is checked against that
// environment's deploy status instead of being taken as a success.
func TestUnreportedDeploymentsAreChecked(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprintf("fail=%v", fail), func(t *testing.T) {
			m := mockplatform.StartHandler(t, mockplatform.New(mockplatform.DemoConfig()), silentDeployments)
			if fail {
				m.FailDeployments("", "production", "Gateway pods unreachable", 1)
			}
			c, err := client.New(client.Config{Endpoint: m.URL, Token: "demo-token"})
			if err != nil {
				t.Fatal(err)
			}
			out, err := c.ApplyRouting(context.Background(), "ecommerce", "billing-soap", client.RoutingChange{
				Addresses: []wire.RoutingAddress{{Address: "https://b1.internal", Weight: 1}}, Deploy: []string{"production"}})
			if err != nil || len(out) != 1 || out[0].Environment != "production" {
				t.Fatalf("outcomes %+v, err %v", out, err)
			}
			if out[0].Deployed == fail || (fail && !strings.Contains(out[0].Message, "not deployed there")) {
				t.Fatalf("outcome %+v", out[0])
			}
			if n := m.CountRequests(http.MethodGet, "/apiops/projects/ecommerce/apiProxies/billing-soap/environments/production/deploy-status/"); n != 1 {
				t.Fatalf("%d deploy-status reads, want 1", n)
			}
		})
	}
}

// A deploy status with an empty resultList is an environment the proxy was
// never deployed to, not a missing one.
func TestEmptyDeployStatusIsNotDeployed(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"success": true, "resultList": [], "resultCount": 0}`))
	}))
	defer hs.Close()
	c, _ := client.New(client.Config{Endpoint: hs.URL, Token: "t"})
	st, err := c.DeployStatus(context.Background(), "p", "x", "test")
	if err != nil || st.Deployed || st.RedeployRequired {
		t.Fatalf("status %+v, err %v; want not deployed", st, err)
	}
}
