package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
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

// newTestPlatform starts a mock with a REST and a SOAP proxy in project
// "ecommerce"; change lets a test adjust the seed.
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

// managers are the manager variants the routing tests run against: the
// classic one of PROTOCOL.md 2.1-2.3 and the vendor's current release
// (wrapped answers without soapType, status envelopes, PATCH only, 400 for
// missing things).
var managers = map[string]func(*mockplatform.Config){
	"classic": func(*mockplatform.Config) {},
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
			return NewProtocol6Server(New("test", WithRetryWait(5*time.Millisecond, 50*time.Millisecond))())(), nil
		},
	}
}

// addresses decodes the last routing-address update the mock received for a proxy.
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

func TestMain(m *testing.M) {
	// The framework's own SDK logging is costly and not what these tests read.
	if os.Getenv("TF_LOG_SDK_FRAMEWORK") == "" {
		_ = os.Setenv("TF_LOG_SDK_FRAMEWORK", "OFF")
	}
	os.Exit(m.Run())
}

type terraformState = terraform.State

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

func stringExact(s string) knownvalue.Check { return knownvalue.StringExact(s) }

// errorLike compiles a diagnostic pattern in which each space matches any
// run of white space, since Terraform wraps long diagnostics.
func errorLike(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}
