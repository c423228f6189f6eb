package provider

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// secretsIn returns every credential value the platform and the provider
// handled during the test: configured secrets and issued session tokens.
func secretsIn(p *testPlatform) []string {
	secrets := []string{testToken, testPassword}
	for _, r := range p.Requests() {
		for _, h := range []string{"Cookie", "X-Csrf-Token_" + testTenant} {
			for _, v := range r.Header.Values(h) {
				for _, part := range strings.Split(v, ";") {
					if _, val, ok := strings.Cut(strings.TrimSpace(part), "="); ok && val != "" {
						secrets = append(secrets, val)
					} else if part != "" && !strings.Contains(part, "=") {
						secrets = append(secrets, strings.TrimSpace(part))
					}
				}
			}
		}
	}
	return secrets
}

// A whole lifecycle under TF_LOG=trace, with faults that make the client log
// retries, writes none of the secrets to the provider's or Terraform's log.
func TestAccSecrets_notInTraceLogs(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	p := newTestPlatform(t)
	// Secrets come from the environment, as in real use: the test harness
	// logs the configuration text itself.
	t.Setenv("PLATFORM_TOKEN", testToken)
	t.Setenv("PLATFORM_PASSWORD", testPassword)
	p.InjectFaults("", "/", mockplatform.Fault{Status: 503, RetryAfter: "0"}, mockplatform.Fault{Status: 500})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: envOnlyConfig(ordersRouting(p, 1)) + minimalAPI("secret-api", "")},
			{
				PreConfig: func() { p.InjectFaults(http.MethodPut, "/api/apis/", mockplatform.Fault{Status: 401}) },
				Config:    envOnlyConfig(ordersRouting(p, 2)) + minimalAPI("secret-api", `description = "v2"`),
			},
			{ResourceName: ordersAddr, ImportState: true, ImportStateId: "ecommerce/orders-api", ImportStateVerify: true},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, want := range []string{"Sending request to the platform", "REDACTED"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log has no %q: the test would prove nothing", want)
		}
	}
	secrets := secretsIn(p)
	if len(secrets) < 6 {
		t.Fatalf("only %d secrets seen; the catalog session was not exercised", len(secrets))
	}
	for _, secret := range secrets {
		if strings.Contains(log, secret) {
			t.Errorf("the trace log contains a secret (%d characters, starting %q)", len(secret), secret[:4])
		}
	}
}

// envOnlyConfig drops the secret lines of the provider block.
func envOnlyConfig(cfg string) string {
	var out []string
	for _, line := range strings.Split(cfg, "\n") {
		if strings.Contains(line, testToken) || strings.Contains(line, testPassword) {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
