package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	. "github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// managerVariants are the three manager releases, by name.
var managerVariants = map[string]func(*mockplatform.Config){
	"classic": func(*mockplatform.Config) {},
	"newer":   func(c *mockplatform.Config) { c.NewerManager = true },
	"latest":  func(c *mockplatform.Config) { c.LatestManager = true },
}

func TestListEnvironments(t *testing.T) {
	for name, variant := range managerVariants {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, variant, func(c *mockplatform.Config) {
				c.Projects[0].EnvironmentDetails = []mockplatform.Environment{{Name: "production", Type: "PRODUCTION",
					AccessURL: "https://gw.example.com", Description: "Live traffic"}}
				c.Tokens = append(c.Tokens, mockplatform.Token{Value: "outsider", Projects: []string{"elsewhere"}})
			})
			c := m.client(t)
			ctx := context.Background()
			m.InjectFaults(http.MethodGet, "/apiops/projects/ecommerce/environments/", mockplatform.Fault{Status: http.StatusBadGateway})
			envs, err := c.ListEnvironments(ctx, "ecommerce")
			if err != nil || len(envs) != 2 || envs[0].Name != "test" || envs[1].Name != "production" || envs[1].Description != "Live traffic" {
				t.Fatalf("%+v, %v", envs, err)
			}
			if n := m.CountRequests(http.MethodGet, "/apiops/projects/ecommerce/environments/"); n != 2 {
				t.Errorf("%d requests: a read is repeated after a 502", n)
			}
			if latest := name == "latest"; latest != (envs[1].Type == "PRODUCTION" && envs[1].AccessURL == "https://gw.example.com" && len(envs[1].ID) == 24) {
				t.Errorf("details %+v", envs[1])
			}
			if name != "latest" && envs[0].EnvironmentName != "test" {
				t.Errorf("older managers' environmentName: %+v", envs[0])
			}
			if _, err := c.ListEnvironments(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("missing project: %v", err)
			}
			outsider := m.client(t, func(cfg *Config) { cfg.Token = "outsider" })
			if _, err := outsider.ListEnvironments(ctx, "ecommerce"); !errors.Is(err, ErrNotFound) {
				t.Errorf("a project the user is no member of: %v", err)
			}
		})
	}
}
