package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const (
	testTenant   = "acmepaymentscorp"
	testEmail    = "ops@acme.example"
	testPassword = "s3cret-Passw0rd-for-tests"
	testToken    = "tok-0123456789abcdef-manage"
	readToken    = "tok-read-only-fedcba987654"
)

// testPlatform is a mock platform served for one test.
type testPlatform struct {
	*mockplatform.Running
}

// newTestPlatform starts a mock with the REST proxies orders-api and
// spare-api and the SOAP proxy billing-soap in project "ecommerce", which has
// the environments test and production; change lets a test adjust the seed.
func newTestPlatform(t *testing.T, change ...func(*mockplatform.Config)) *testPlatform {
	t.Helper()
	cfg := mockplatform.Config{
		FedMemberID: testTenant,
		Users:       []mockplatform.User{{Email: testEmail, Password: testPassword}},
		Tokens: []mockplatform.Token{
			{Value: testToken, Manage: []string{"*"}},
			{Value: readToken},
		},
		Projects: []mockplatform.Project{{Name: "ecommerce", Environments: []string{"test", "production"}, Proxies: []mockplatform.Proxy{
			{Name: "orders-api", APIType: "REST"},
			{Name: "billing-soap", APIType: "SOAP", LoadBalanceAlgorithm: "WEIGHTED"},
			{Name: "spare-api", APIType: "REST"},
		}}},
	}
	for _, c := range change {
		c(&cfg)
	}
	return &testPlatform{mockplatform.Start(t, cfg)}
}

// providerConfig is a provider block with every credential for p.
func (p *testPlatform) providerConfig() string {
	return fmt.Sprintf(`
provider "platform" {
  endpoint      = %q
  token         = %q
  fed_member_id = %q
  email         = %q
  password      = %q
  max_retries   = 3
}
`, p.URL, testToken, testTenant, testEmail, testPassword)
}

// Resource addresses and mock paths the tests share.
const (
	paymentsAddr = "platform_api.payments"
	ordersAddr   = "platform_proxy_routing.orders"
	ordersPath   = "/apiops/projects/ecommerce/apiProxies/orders-api/"
)

// managers are the manager variants the routing tests run against: the
// classic one, the newer one (wrapped answers, status envelopes, 400 for
// missing things) and the vendor's current release (also PATCH only, no
// soapType in answers, and the address roles, deploymentList and
// route-health of wire/PROTOCOL.md §2.7).
var managers = map[string]func(*mockplatform.Config){
	"classic": func(*mockplatform.Config) {},
	"newer":   func(c *mockplatform.Config) { c.NewerManager = true },
	"latest":  func(c *mockplatform.Config) { c.LatestManager = true },
}

// forEachManager runs test once per manager variant, in parallel.
func forEachManager(t *testing.T, test func(t *testing.T, manager func(*mockplatform.Config))) {
	for name, manager := range managers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, manager)
		})
	}
}

func protoV6Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"platform": func() (tfprotov6.ProviderServer, error) {
			return protocol.NewServer(New("test", WithRetryWait(5*time.Millisecond, 50*time.Millisecond))())(), nil
		},
	}
}

func TestMain(m *testing.M) {
	// The framework's own SDK logging is costly and not what these tests read.
	if os.Getenv("TF_LOG_SDK_FRAMEWORK") == "" {
		_ = os.Setenv("TF_LOG_SDK_FRAMEWORK", "OFF")
	}
	os.Exit(m.Run())
}

// Configurations.

// seedExample is examples/resources/platform_api/resource.tf: the seed's
// sample request #1 as HCL.
func seedExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/resources/platform_api/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// minimalAPI is platform_api.payments named name with one version "1.0";
// extra adds attributes to the version.
func minimalAPI(name, extra string) string {
	return fmt.Sprintf(`
resource "platform_api" "payments" {
  name = %q
  version = {
    name = "1.0"
%s
  }
}
`, name, extra)
}

// ordersRouting is orders-api routed to two backends, the first of the
// given weight.
func ordersRouting(p *testPlatform, weight int) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
    weight  = %d
  }
  routing_address {
    address = "https://orders-2.internal:8443/v1"
  }
}
`, weight)
}

// deployedRouting is orders-api routed to one backend of the given weight;
// extra adds attributes such as deploy_environments.
func deployedRouting(p *testPlatform, weight int, extra string) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
    weight  = %d
  }
%s
}
`, weight, extra)
}

// What the mock received and holds.

// lastBody is the body of the last successful request of method to path.
func (p *testPlatform) lastBody(t *testing.T, method, pathPrefix string) map[string]any {
	t.Helper()
	reqs := p.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		r := reqs[i]
		if r.Method == method && strings.HasPrefix(r.Path, pathPrefix) && r.Status == http.StatusOK {
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatalf("decoding %s %s body: %v", method, r.Path, err)
			}
			return body
		}
	}
	t.Fatalf("the mock received no successful %s %s", method, pathPrefix)
	return nil
}

// lastAddressUpdate decodes the last routing-address update the mock
// accepted for a proxy.
func (p *testPlatform) lastAddressUpdate(t *testing.T, project, proxy string) []wire.RoutingAddress {
	t.Helper()
	reqs := p.Requests()
	suffix := fmt.Sprintf("/projects/%s/apiProxies/%s/settings/addresses/", project, proxy)
	for i := len(reqs) - 1; i >= 0; i-- {
		if strings.HasSuffix(reqs[i].Path, suffix) && reqs[i].Status == 200 {
			var body wire.AddressesUpdate
			if err := json.Unmarshal(reqs[i].Body, &body); err != nil {
				t.Fatalf("decoding update body: %v", err)
			}
			return body.RoutingAddressList
		}
	}
	t.Fatalf("the mock received no successful address update for %s/%s", project, proxy)
	return nil
}

// deployingRequests counts the settings writes since the last reset that
// the platform accepted with a deployment, and returns the environments
// they named.
func (p *testPlatform) deployingRequests(t *testing.T) (int, []string) {
	t.Helper()
	n, envs := 0, []string{}
	for _, r := range p.Requests() {
		if !strings.Contains(r.Path, "/settings/") || r.Status != http.StatusOK {
			continue
		}
		var body struct {
			Deploy bool     `json:"deploy"`
			Envs   []string `json:"deployTargetEnvironmentNameList"`
		}
		if json.Unmarshal(r.Body, &body) == nil && body.Deploy {
			n++
			envs = append(envs, body.Envs...)
		}
	}
	return n, envs
}

// writes counts the requests since the last reset that could change the
// platform: everything but reads and the catalog login.
func (p *testPlatform) writes() int {
	n := 0
	for _, r := range p.Requests() {
		if r.Method != http.MethodGet && r.Path != "/api/login" {
			n++
		}
	}
	return n
}

// settingsWrites counts the settings writes to orders-api since the last
// reset, whether PUT or PATCH.
func (p *testPlatform) settingsWrites() int {
	return p.CountRequests(http.MethodPut, ordersPath+"settings/") + p.CountRequests(http.MethodPatch, ordersPath+"settings/")
}

// expectAddresses checks the routing addresses the platform holds for a
// proxy of project ecommerce, in order.
func expectAddresses(p *testPlatform, proxy string, want []wire.RoutingAddress) error {
	px, ok := p.Proxy("ecommerce", proxy)
	if !ok {
		return fmt.Errorf("proxy %s is gone", proxy)
	}
	got := px.Routing.RoutingAddressList
	if len(got) != len(want) {
		return fmt.Errorf("the platform holds %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			return fmt.Errorf("the platform holds %+v, want %+v", got, want)
		}
	}
	return nil
}

// expectDeployments checks how often orders-api was deployed to each
// environment so far, and that each one deployed runs the saved routing.
func (p *testPlatform) expectDeployments(want map[string]int) error {
	for env, n := range want {
		if got := p.Deployments("ecommerce", "orders-api", env); got != n {
			return fmt.Errorf("orders-api was deployed to %s %d times, want %d", env, got, n)
		}
		if deployed, stale := p.DeployState("ecommerce", "orders-api", env); n > 0 && (!deployed || stale) {
			return fmt.Errorf("orders-api in %s: deployed %v, redeploy required %v; want the saved routing live", env, deployed, stale)
		}
	}
	return nil
}

// theAPI is the one API the platform holds, with its versions oldest first.
func (p *testPlatform) theAPI() (wire.API, []wire.APIVersion, error) {
	apis := p.APIs()
	if len(apis) != 1 {
		return wire.API{}, nil, fmt.Errorf("the platform holds %d APIs, want exactly 1", len(apis))
	}
	return apis[0], p.APIVersions(apis[0].APIID), nil
}

// seedSample1 is the seed's sample request #1 without its read-only fields,
// which the platform ignores in a request.
func seedSample1(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../mockplatform/testdata/seed004_request1.json")
	if err != nil {
		t.Fatal(err)
	}
	var sample map[string]any
	if err := json.Unmarshal(b, &sample); err != nil {
		t.Fatal(err)
	}
	v := sample["APIVersion"].(map[string]any)
	delete(v, "ProductionEndpoint")
	delete(v, "SandboxEndpoint")
	return sample
}

// jsonContains checks that got has every field of want with the same value;
// lists must hold the same elements in any order.
func jsonContains(at string, want, got any) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: got %v, want an object", at, got)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: missing", at, k)
			}
			if err := jsonContains(at+"."+k, wv, gv); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %d elements %v", at, got, len(w), w)
		}
		used := make([]bool, len(g))
	next:
		for i, wv := range w {
			for j, gv := range g {
				if !used[j] && jsonContains(fmt.Sprintf("%s[%d]", at, i), wv, gv) == nil {
					used[j] = true
					continue next
				}
			}
			return fmt.Errorf("%s[%d]: no element matches %v in %v", at, i, wv, g)
		}
		return nil
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return fmt.Errorf("%s: got %v, want %v", at, got, want)
		}
		return nil
	}
}

// Plan and state checks.

// expectUpdate plans an in-place update of platform_proxy_routing.orders.
func expectUpdate() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionUpdate)}}
}

// expectNoChanges plans nothing at all.
func expectNoChanges() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// isTheAPI checks that a value in state is the ID of the one API the
// platform holds.
func (p *testPlatform) isTheAPI() knownvalue.Check {
	return knownvalue.StringFunc(func(id string) error {
		api, _, err := p.theAPI()
		if err == nil && id != api.APIID {
			err = fmt.Errorf("state tracks %q, the platform holds %q", id, api.APIID)
		}
		return err
	})
}

// isVersion checks that a value in state is the ID of version i (oldest
// first) of the one API the platform holds.
func (p *testPlatform) isVersion(i int) knownvalue.Check {
	return knownvalue.StringFunc(func(id string) error {
		_, versions, err := p.theAPI()
		switch {
		case err != nil:
			return err
		case i >= len(versions):
			return fmt.Errorf("the platform holds %d versions, not a version %d", len(versions), i+1)
		case id != versions[i].APIVersionID:
			return fmt.Errorf("state tracks %s, want version %q (%s)", id, versions[i].Name, versions[i].APIVersionID)
		}
		return nil
	})
}

// pathOf is the path of an attribute, then of map keys (strings) and list
// indexes (ints) within it.
func pathOf(steps ...any) tfjsonpath.Path {
	p := tfjsonpath.New(steps[0].(string))
	for _, s := range steps[1:] {
		switch v := s.(type) {
		case int:
			p = p.AtSliceIndex(v)
		case string:
			p = p.AtMapKey(v)
		}
	}
	return p
}

// deployEnvs checks the deploy_environments the orders routing's state
// holds.
func deployEnvs(envs ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(envs))
	for _, e := range envs {
		checks = append(checks, knownvalue.StringExact(e))
	}
	return statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("deploy_environments"), knownvalue.SetExact(checks))
}

// errorLike compiles a diagnostic pattern in which each space matches any
// run of white space, since Terraform wraps long diagnostics.
func errorLike(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// Protocol-level tests.

// configure configures srv for p, as Terraform would, and returns its schemas.
func configure(t *testing.T, p *testPlatform, srv tfprotov6.ProviderServer) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ptyp := schemas.Provider.ValueType()
	cfg, _ := tfprotov6.NewDynamicValue(ptyp, tftypes.NewValue(ptyp, map[string]tftypes.Value{
		"endpoint": tftypes.NewValue(tftypes.String, p.URL), "token": tftypes.NewValue(tftypes.String, testToken),
		"fed_member_id": tftypes.NewValue(tftypes.String, testTenant), "email": tftypes.NewValue(tftypes.String, testEmail),
		"password": tftypes.NewValue(tftypes.String, testPassword), "insecure": tftypes.NewValue(tftypes.Bool, nil),
		"ca_cert_file": tftypes.NewValue(tftypes.String, nil), "request_timeout": tftypes.NewValue(tftypes.String, nil),
		"max_retries": tftypes.NewValue(tftypes.Number, nil)}))
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &cfg}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	return schemas
}
