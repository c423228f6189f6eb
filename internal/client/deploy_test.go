package client_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// Deploy deploys once even when the answer is lost after the platform
// acted (the deploy status tells, as for a deploying routing write);
// Undeploy is repeated after a lost answer, since undeploying twice is
// undeploying once; on every manager release.
func TestDeployAndUndeploy(t *testing.T) {
	const envPath = "/apiops/projects/ecommerce/apiProxies/orders-api/environments/production/"
	for name, variant := range managerVariants {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, variant)
			c := m.client(t)
			ctx := context.Background()
			m.InjectFaults(http.MethodPost, envPath, mockplatform.Fault{DropAfter: true})
			o, err := c.Deploy(ctx, "ecommerce", "orders-api", "production")
			if err != nil || !o.Deployed {
				t.Fatalf("deploy: %+v, %v", o, err)
			}
			if n := m.Deployments("ecommerce", "orders-api", "production"); n != 1 {
				t.Fatalf("%d deployments after a lost answer, want 1", n)
			}
			m.InjectFaults(http.MethodDelete, envPath, mockplatform.Fault{DropAfter: true})
			if err := c.Undeploy(ctx, "ecommerce", "orders-api", "production"); err != nil {
				t.Fatalf("undeploy: %v", err)
			}
			if deployed, _ := m.DeployState("ecommerce", "orders-api", "production"); deployed {
				t.Fatal("still deployed after undeploying")
			}
			if n := m.CountRequests(http.MethodDelete, envPath); n != 2 {
				t.Errorf("%d DELETE requests, want the lost one repeated once", n)
			}
		})
	}
}
