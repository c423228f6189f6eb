package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

type badInput struct {
	name string
	// config is the configuration after the provider block; importID, when
	// set, imports into the config's first resource instead of planning.
	config   string
	importID string
	want     string
	// lookups is how many reads validation may need (soap_type on REST).
	lookups int
}

const goodRouting = `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address { address = "https://a.internal" }
}`

func routingCase(name, attrs, want string) badInput {
	return badInput{name: name, want: want, config: fmt.Sprintf(`
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
%s
  }
}`, attrs)}
}

func apiCase(name, body, want string) badInput {
	return badInput{name: name, want: want, config: fmt.Sprintf(`
resource "platform_api" "payments" {
%s
}`, body)}
}

func providerCase(name, attr, want string) badInput {
	return badInput{name: name, want: want, config: "PROVIDER:" + attr}
}

func badInputs() []badInput {
	return []badInput{
		providerCase("endpoint not a URL", `endpoint = "manager.example.com"`, `endpoint must be an absolute http or https URL.*got: "manager.example.com"`),
		providerCase("endpoint with another scheme", `endpoint = "ftp://manager.example.com"`, `endpoint must be an absolute http or https URL.*got: "ftp://manager.example.com"`),
		providerCase("request_timeout not a duration", `request_timeout = "thirty"`, `request_timeout must be a positive duration.*got: "thirty"`),
		providerCase("request_timeout negative", `request_timeout = "-5s"`, `request_timeout must be a positive duration.*got: "-5s"`),
		providerCase("max_retries too high", `max_retries = 11`, `max_retries value must be between 0 and 10, got: 11`),
		providerCase("max_retries negative", `max_retries = -1`, `max_retries value must be between 0 and 10, got: -1`),
		providerCase("max_retries of the wrong type", `max_retries = "many"`, `Inappropriate value for attribute "max_retries": a number is required`),

		routingCase("address not a URL", `address = "orders-1.internal"`, `routing_address\[0\].address must be an absolute http or https URL.*got: "orders-1.internal"`),
		routingCase("address with another scheme", `address = "ftp://orders.internal/x"`, `routing_address\[0\].address must be an absolute http or https URL.*got: "ftp://orders.internal/x"`),
		routingCase("address empty", `address = ""`, `routing_address\[0\].address must be an absolute http or https URL.*got: ""`),
		routingCase("weight zero", "address = \"https://a.internal\"\n    weight = 0", `routing_address\[0\].weight value must be at least 1, got: 0`),
		routingCase("weight negative", "address = \"https://a.internal\"\n    weight = -3", `routing_address\[0\].weight value must be at least 1, got: -3`),
		routingCase("soap_type outside the enum", "address = \"https://a.internal\"\n    soap_type = \"SOAP13\"", `routing_address\[0\].soap_type value must be one of:.*got: "SOAP13"`),
		routingCase("soap_type in lower case", "address = \"https://a.internal\"\n    soap_type = \"soap11\"", `routing_address\[0\].soap_type value must be one of:.*got: "soap11"`),
		{name: "soap_type on a REST proxy", lookups: 1, want: `soap_type on a REST proxy.*routing_address\[1\] sets soap_type = "SOAP12"`, config: `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address { address = "https://a.internal" }
  routing_address {
    address   = "https://b.internal"
    soap_type = "SOAP12"
  }
}`},
		{name: "duplicate address", want: `Duplicate routing address.*routing_address\[1\].address: the address "https://a.internal" is already given in routing_address\[0\]`, config: `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address { address = "https://a.internal" }
  routing_address { address = "https://a.internal" }
}`},
		{name: "empty project_name", want: `project_name string length must be at least 1, got: 0`, config: `
resource "platform_proxy_routing" "orders" {
  project_name   = ""
  api_proxy_name = "orders-api"
}`},
		{name: "empty api_proxy_name", want: `api_proxy_name string length must be at least 1, got: 0`, config: `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = ""
}`},
		{name: "weight of the wrong type from a variable", want: `Inappropriate value for attribute "weight": a number is required`, config: `
variable "w" {
  default = "heavy"
}
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
    address = "https://a.internal"
    weight  = var.w
  }
}`},
		{name: "routing_address as an attribute", want: `Unsupported argument.*routing_address`, config: `
resource "platform_proxy_routing" "orders" {
  project_name    = "ecommerce"
  api_proxy_name  = "orders-api"
  routing_address = [{ address = "https://a.internal" }]
}`},

		apiCase("empty name", "name = \"\"\nversion = { name = \"1.0\" }", `Attribute name must not be empty or blank, got: ""`),
		apiCase("blank version name", "name = \"a\"\nversion = { name = \"  \" }", `Attribute version.name must not be empty or blank, got: "  "`),
		apiCase("missing version", `name = "a"`, `The argument "version" is required`),
		apiCase("version as a block", "name = \"a\"\nversion {\n name = \"1.0\"\n}", `Unsupported block type.*version.*Did you mean to define argument "version"`),
		apiCase("visibility outside the enum", "name = \"a\"\nvisibility = \"Secret\"\nversion = { name = \"1.0\" }", `Attribute visibility value must be one of:.*got: "Secret"`),
		apiCase("version visibility outside the enum", "name = \"a\"\nversion = {\n name = \"1.0\"\n visibility = \"public\"\n}", `Attribute version.visibility value must be one of:.*got: "public"`),
		apiCase("endpoint category outside the enum", "name = \"a\"\nversion = {\n name = \"1.0\"\n endpoints = [{ category = \"Staging\", uri = \"https://a.example.com\" }]\n}",
			`Attribute version.endpoints\[0\].category value must be one of:.*got: "Staging"`),
		apiCase("endpoint uri not absolute", "name = \"a\"\nversion = {\n name = \"1.0\"\n endpoints = [{ category = \"Production\", uri = \"/payments\" }]\n}",
			`Attribute version.endpoints\[0\].uri must be an absolute http or https URL.*got: "/payments"`),
		apiCase("target endpoint uri with another scheme", "name = \"a\"\nversion = {\n name = \"1.0\"\n target_api = { endpoints = [{ category = \"Production\", uri = \"ftp://backend.example.com\" }] }\n}",
			`Attribute version.target_api.endpoints\[0\].uri must be an absolute http or https URL.*got: "ftp://backend.example.com"`),
		apiCase("method outside the enum", "name = \"a\"\nversion = {\n name = \"1.0\"\n operations = { op = { method = \"FETCH\" } }\n}",
			`Attribute version.operations\["op"\].method value must be one of:.*got: "FETCH"`),
		apiCase("method in lower case", "name = \"a\"\nversion = {\n name = \"1.0\"\n operations = { a = {}, op = { method = \"get\" } }\n}",
			`Attribute version.operations\["op"\].method value must be one of:.*got: "get"`),
		apiCase("empty operation name", "name = \"a\"\nversion = {\n name = \"1.0\"\n operations = { \"\" = { method = \"GET\" } }\n}",
			`Attribute version.operations\[""\] must not be empty or blank, got: ""`),
		apiCase("blank target operation name", "name = \"a\"\nversion = {\n name = \"1.0\"\n target_api = { operations = { \" \" = {} } }\n}",
			`Attribute version.target_api.operations\[" "\] must not be empty or blank, got: " "`),
		apiCase("operations as a list, as earlier builds took them", "name = \"a\"\nversion = {\n name = \"1.0\"\n operations = [{ name = \"op\" }]\n}",
			`Inappropriate value for attribute "version".*attribute "operations": map of object required`),
		apiCase("input without a type", "name = \"a\"\nversion = {\n name = \"1.0\"\n operations = { op = { inputs = [{ name = \"id\" }] } }\n}",
			`Inappropriate value for attribute "version".*attribute "type" is required`),
		apiCase("tags of the wrong type", "name = \"a\"\nversion = {\n name = \"1.0\"\n tags = \"payments\"\n}", `Inappropriate value for attribute "version".*attribute "tags": set of string required`),
		apiCase("connection_properties of the wrong type", "name = \"a\"\nversion = {\n name = \"1.0\"\n endpoints = [{ category = \"Production\", uri = \"https://a.example.com\", connection_properties = [\"x\"] }]\n}",
			`Inappropriate value for attribute "version".*connection_properties.*map of string required`),

		{name: "name_regex that is not RE2", want: `Attribute name_regex must be a regular expression in RE2 syntax, got: "\(orders"`, config: `
data "platform_apis" "x" {
  name_regex = "(orders"
}`},
		{name: "proxy name_regex with a Perl lookahead", want: `Attribute name_regex must be a regular expression in RE2 syntax, got: "\^\(\?=a\)"`, config: `
data "platform_api_proxies" "x" {
  project_name = "ecommerce"
  name_regex   = "^(?=a)"
}`},
		{name: "api_type outside the enum", want: `Attribute api_type value must be one of:.*got: "GraphQL"`, config: `
data "platform_api_proxies" "x" {
  project_name = "ecommerce"
  api_type     = "GraphQL"
}`},
		{name: "empty deploy environment", want: `Attribute deploy_environments\[Value\(""\)\] must not be empty or blank, got: ""`, config: `
resource "platform_proxy_routing" "orders" {
  project_name        = "ecommerce"
  api_proxy_name      = "orders-api"
  deploy_environments = ["production", ""]
  routing_address {
    address = "https://a.internal"
  }
}`},

		{name: "routing import ID without a slash", config: goodRouting, importID: "orders-api",
			want: `Invalid import ID.*project_name/api_proxy_name.*got: "orders-api"`},
		{name: "routing import ID without a proxy", config: goodRouting, importID: "ecommerce/",
			want: `Invalid import ID.*got: "ecommerce/"`},
		{name: "routing import ID without a project", config: goodRouting, importID: "/orders-api",
			want: `Invalid import ID.*got: "/orders-api"`},
		{name: "routing import ID with three parts", config: goodRouting, importID: "ecommerce/orders-api/extra",
			want: `Invalid import ID.*got: "ecommerce/orders-api/extra"`},
	}
}

// Every user mistake that can be caught before an API call is: a plan-time
// (or import-time) error naming the attribute path and the bad value, with
// no write reaching the platform.
func TestAccBadInput(t *testing.T) {
	cases := badInputs()
	if len(cases) < 30 {
		t.Fatalf("%d cases; the table must hold at least 30", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlatform(t)
			provider, config := p.providerConfig(), tc.config
			if attr, ok := cutPrefix(config, "PROVIDER:"); ok {
				provider = fmt.Sprintf("provider \"platform\" {\n  token = %q\n  %s\n}\n", testToken, attr)
				config = goodRouting
				t.Setenv("PLATFORM_ENDPOINT", p.URL)
			}
			step := resource.TestStep{Config: provider + config, ExpectError: errorLike(tc.want)}
			if tc.importID != "" {
				step.ImportState, step.ImportStateId, step.ResourceName = true, tc.importID, ordersAddr
			} else {
				step.PlanOnly = true
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6Factories(), Steps: []resource.TestStep{step}})
			if n := p.CountRequests(http.MethodGet, "/"); n > tc.lookups {
				t.Errorf("the mock received %d reads, want at most %d", n, tc.lookups)
			}
			if n := len(p.Requests()) - p.CountRequests(http.MethodGet, "/"); n != 0 {
				t.Errorf("the mock received %d writes, want none", n)
			}
		})
	}
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}

// Values unknown at plan time, in the provider block and in resources, give
// a plan without false errors and without requests.
func TestAccUnknownValuesPlanWithoutErrors(t *testing.T) {
	p := newTestPlatform(t)
	cfg := fmt.Sprintf(`
resource "terraform_data" "late" {
  input = { url = %q, address = "https://late.internal", soap = "SOAP12", name = "late-api", weight = 2, policies = [{ key = "k", type = "Operational Policy" }] }
}

provider "platform" {
  endpoint      = terraform_data.late.output.url
  token         = %q
  fed_member_id = %q
  email         = %q
  password      = %q
}

resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
    address   = terraform_data.late.output.address
    weight    = terraform_data.late.output.weight
    soap_type = terraform_data.late.output.soap
  }
}

resource "platform_api" "late" {
  name = terraform_data.late.output.name
  version = {
    name       = "1.0"
    endpoints  = [{ category = "Production", uri = terraform_data.late.output.address }]
    operations = { (terraform_data.late.output.name) = {}, fixed = {} }
    policies   = terraform_data.late.output.policies
  }
}
`, p.URL, testToken, testTenant, testEmail, testPassword)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
	if n := len(p.Requests()); n != 0 {
		t.Errorf("the mock received %d requests; nothing is known enough to ask", n)
	}
}

// An unknown insecure could be true, so nothing may be asked of the platform
// at plan time even though the endpoint is known.
func TestAccUnknownInsecurePlansWithoutRequests(t *testing.T) {
	p := newTestPlatform(t)
	cfg := fmt.Sprintf(`
resource "terraform_data" "late" {
  input = false
}

provider "platform" {
  endpoint = %q
  token    = %q
  insecure = terraform_data.late.output
}

resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"
  routing_address {
    address   = "https://billing.internal"
    soap_type = "SOAP12"
  }
}
`, p.URL, testToken)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
	if n := len(p.Requests()); n != 0 {
		t.Errorf("the mock received %d requests; with insecure unknown, none may be sent", n)
	}
}
