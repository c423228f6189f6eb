package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
)

// withEstate adds the mock's estate: 14 APIs (the tricky names, the seed
// sample, four APIs with two to four versions: 8 older versions in all)
// and 9 proxies and 2 AI proxies in the projects shop, "R&D Ops #2" and
// Zahlungsverkehr.
func withEstate(c *mockplatform.Config) {
	c.Estate = &mockplatform.Estate{APIs: 14, Proxies: 9, Projects: 3, AIProxies: 2}
}

// listCase is one list block: the list resource and its configuration.
type listCase struct {
	typ    string
	config map[string]tftypes.Value
	want   int
	// reads is the route each included resource is read with.
	reads string
}

func tfString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

var null = tftypes.NewValue(tftypes.String, nil)

var listCases = []listCase{
	{"platform_api", map[string]tftypes.Value{"name_regex": null}, 14, "GET /api/apis/{id}"},
	{"platform_api_version", map[string]tftypes.Value{"api_id": null}, 8, "GET /api/apis/versions/{vid}"},
	{"platform_proxy_routing", map[string]tftypes.Value{"project_name": tfString("shop"), "name_regex": null, "api_type": null}, 3,
		"GET /apiops/projects/{p}/apiProxies/{x}/"},
	{"platform_proxy_routing", map[string]tftypes.Value{"project_name": tfString("R&D Ops #2"), "name_regex": null, "api_type": null}, 3,
		"GET /apiops/projects/{p}/apiProxies/{x}/"},
}

// Each result a list resource streams with include_resource is exactly
// what importing its identity and refreshing gives, through the same
// server: the state Terraform writes, and the identity, equal value for
// value, on every manager release. Listing costs one request per object
// read and the list requests, nothing more.
func TestListResource_resultsAreWhatImportGives(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, withEstate, manager)
		srv := protocol.NewServer(New("test", WithRetryWait(5*time.Millisecond, 50*time.Millisecond))())()
		schemas := configure(t, p, srv)
		for _, c := range listCases {
			t.Run(c.typ+fmt.Sprint(c.config["project_name"]), func(t *testing.T) {
				p.ResetRequests()
				results := listAll(t, srv, schemas, c, true)
				if len(results) != c.want {
					t.Fatalf("%d results, want %d", len(results), c.want)
				}
				if n := p.Stats()[c.reads]; n != c.want {
					t.Errorf("%d reads %s for %d results: %v", n, c.reads, c.want, p.Stats())
				}
				for _, r := range results {
					imported := importAndRead(t, srv, c.typ, r.Identity)
					rtyp := schemas.ResourceSchemas[c.typ].ValueType()
					got, err := r.Resource.Unmarshal(rtyp)
					if err != nil {
						t.Fatal(err)
					}
					want, err := imported.NewState.Unmarshal(rtyp)
					if err != nil {
						t.Fatal(err)
					}
					if !got.Equal(want) {
						t.Errorf("%s: the listed resource differs from import + refresh:\n%s\n%s", r.DisplayName, got, want)
					}
					if g, w := fmt.Sprint(diagLines(r.Diagnostics)), fmt.Sprint(diagLines(imported.Diagnostics)); g != w {
						t.Errorf("%s: the listed resource says %s, import + refresh %s", r.DisplayName, g, w)
					}
					gotID, _ := r.Identity.IdentityData.Unmarshal(identityType(t, srv, c.typ))
					wantID, _ := imported.NewIdentity.IdentityData.Unmarshal(identityType(t, srv, c.typ))
					if !gotID.Equal(wantID) {
						t.Errorf("%s: identity %s, import gives %s", r.DisplayName, gotID, wantID)
					}
				}
			})
		}
	})
}

// An API or version deleted between the list and its read is left out of
// the results, as the proxies' lists leave theirs out, where an import by
// that ID is an error.
func TestListResource_objectGoneBeforeItsReadIsLeftOut(t *testing.T) {
	p := newTestPlatform(t, withEstate)
	srv := protocol.NewServer(New("test", WithRetryWait(5*time.Millisecond, 50*time.Millisecond))())()
	schemas := configure(t, p, srv)
	for _, c := range listCases[:2] {
		t.Run(c.typ, func(t *testing.T) {
			first := listAll(t, srv, schemas, c, false)[0]
			id := identityID(t, srv, c.typ, first.Identity)
			route := "/api/apis/" + id
			if c.typ == "platform_api_version" {
				route = "/api/apis/versions/" + id
			}
			p.InjectFaults(http.MethodGet, route, mockplatform.Fault{Status: http.StatusNotFound})
			results := listAll(t, srv, schemas, c, true)
			if len(results) != c.want-1 {
				t.Fatalf("%d results, want %d: all but %s", len(results), c.want-1, id)
			}
			for _, r := range results {
				if got := identityID(t, srv, c.typ, r.Identity); got == id {
					t.Fatalf("%s, gone before its read, is listed", id)
				}
			}
		})
	}
}

// identityID is the id of a catalog resource's identity.
func identityID(t *testing.T, srv tfprotov6.ProviderServer, typ string, identity *tfprotov6.ResourceIdentityData) string {
	t.Helper()
	v, err := identity.IdentityData.Unmarshal(identityType(t, srv, typ))
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var id string
	if err := v.As(&attrs); err != nil || attrs["id"].As(&id) != nil {
		t.Fatalf("identity %s has no id", v)
	}
	return id
}

// listAll runs one list block through srv and returns its results.
func listAll(t *testing.T, srv tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, c listCase, include bool) []tfprotov6.ListResourceResult {
	t.Helper()
	ls, ok := srv.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // what terraform-plugin-go asserts
	if !ok {
		t.Fatal("the server serves no list resources")
	}
	ltyp := schemas.ListResourceSchemas[c.typ].ValueType()
	cfg, err := tfprotov6.NewDynamicValue(ltyp, tftypes.NewValue(ltyp, c.config))
	if err != nil {
		t.Fatal(err)
	}
	stream, err := ls.ListResource(context.Background(), &tfprotov6.ListResourceRequest{TypeName: c.typ, Config: &cfg,
		IncludeResource: include, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []tfprotov6.ListResourceResult
	for r := range stream.Results {
		// Warnings are what the import gives too (the routing's import
		// says which address settings it could not read); errors fail.
		if hasError(r.Diagnostics) {
			t.Fatalf("%s: %s: %s", c.typ, r.Diagnostics[0].Summary, r.Diagnostics[0].Detail)
		}
		out = append(out, r)
	}
	return out
}

// importAndRead imports identity as Terraform does and refreshes the
// imported state.
func importAndRead(t *testing.T, srv tfprotov6.ProviderServer, typ string, identity *tfprotov6.ResourceIdentityData) *tfprotov6.ReadResourceResponse {
	t.Helper()
	ctx := context.Background()
	imp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typ, Identity: identity})
	if err != nil || len(imp.Diagnostics) > 0 || len(imp.ImportedResources) != 1 {
		t.Fatal("import:", err, imp.Diagnostics)
	}
	in := imp.ImportedResources[0]
	read, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typ, CurrentState: in.State,
		CurrentIdentity: in.Identity, Private: in.Private})
	if err != nil || hasError(read.Diagnostics) {
		t.Fatal("read:", err, read.Diagnostics)
	}
	return read
}

func identityType(t *testing.T, srv tfprotov6.ProviderServer, typ string) tftypes.Type {
	t.Helper()
	resp, err := srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return resp.IdentitySchemas[typ].ValueType()
}
