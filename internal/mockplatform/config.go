// Package mockplatform is an in-memory implementation of the platform's
// management API (wire/PROTOCOL.md) for tests and demos. It validates what it is
// sent, answers the documented errors, records every request it serves and
// can inject faults.
package mockplatform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Config seeds a mock platform. It is also the format of the standalone
// command's -seed file.
type Config struct {
	// FedMemberID is the tenant; it ends every catalog ID and names the
	// session cookies.
	FedMemberID string    `json:"fedMemberID"`
	Users       []User    `json:"users"`
	Tokens      []Token   `json:"tokens"`
	Projects    []Project `json:"projects"`
	// APIs are in the catalog from the start, as other teams' APIs are on
	// a real platform: what data sources read and import blocks adopt.
	APIs []CatalogAPI `json:"apis,omitempty"`

	// SessionTTL is how long a login lasts; 30 minutes when zero.
	SessionTTL time.Duration `json:"sessionTTL,omitempty"`
	// SessionMaxRequests, when set, expires a session after that many requests.
	SessionMaxRequests int `json:"sessionMaxRequests,omitempty"`
	// NewerManager answers API proxy GETs in the resultList envelope, errors
	// as {"status":"FAILURE","resultMessage":...}, and a missing proxy as 400.
	NewerManager bool `json:"newerManager,omitempty"`
	// PatchOnly answers 405 to PUT on the routing-address path, as older
	// managers do.
	PatchOnly bool `json:"patchOnly,omitempty"`
	// LatestManager is the routing vendor's current release
	// (wire/PROTOCOL.md §2.1): everything NewerManager and PatchOnly do, and
	// answers that never report soapType, carry fields clients must ignore,
	// and say {"status": "SUCCESS", ...} to a settings write; it also
	// serves §2.7: address roles and health monitoring, the deploymentList
	// of the proxy GET, and route-health.
	LatestManager bool `json:"latestManager,omitempty"`
	// GatewayPods is how many gateway pods answer route-health on the
	// latest manager (wire/PROTOCOL.md §2.7): 3 when zero; negative, none
	// respond.
	GatewayPods int `json:"gatewayPods,omitempty"`
	// RoutePickupPolls is how many route-health polls after a deployment
	// still find it not live everywhere: the pods pick it up one after
	// another, and the next poll finds every pod serving it. 2 when zero;
	// negative, the pods never pick a deployment up (see also StallRoutes).
	RoutePickupPolls int `json:"routePickupPolls,omitempty"`
	// Latency slows routes down (see SetLatency): the standalone command's
	// -latency flag, or a seed's "latency": [{"method": "POST",
	// "pathPrefix": "/api/apis", "delay": "3s"}].
	Latency []RouteLatency `json:"latency,omitempty"`
	// Estate adds a large generated platform (see Estate).
	Estate *Estate `json:"estate,omitempty"`
	// SpecFetchTimeout bounds the read of a proxy's specUrl
	// (wire/PROTOCOL.md §2.9); 5 seconds when zero.
	SpecFetchTimeout time.Duration `json:"specFetchTimeout,omitempty"`
	// NullEmptyLists answers every empty list of an API as null, as some
	// platform versions do; clients must treat it as empty.
	NullEmptyLists bool `json:"nullEmptyLists,omitempty"`
	// ReverseLists returns every list in reverse order: the platform does not
	// promise list order, and clients must not care.
	ReverseLists bool `json:"reverseLists,omitempty"`
}

// User can log in to the catalog.
type User struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Token is a Personal API Access Token for /apiops/.
type Token struct {
	Value string `json:"value"`
	// Manage lists the projects where the token's user holds
	// API_MANAGEMENT + MANAGE; "*" means every project.
	Manage []string `json:"manage"`
	// Projects, when set, lists the projects the token's user is a member
	// of besides those of Manage ("*": every one); to it the others are
	// "not found" where membership is checked (wire/PROTOCOL.md §2.8).
	// Unset, the user is a member of every project.
	Projects []string `json:"projects,omitempty"`
}

// Project holds API proxies and the environments they deploy to.
type Project struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Environments names the environments the project's proxies deploy
	// to, in order.
	Environments []string `json:"-"`
	// EnvironmentDetails describes environments beyond their names
	// (wire/PROTOCOL.md §2.8); one it names that Environments lacks is
	// added after them. What is left out gets defaults from the name. In
	// a seed file both are one list, "environments", whose entries are
	// names or Environment objects.
	EnvironmentDetails []Environment `json:"-"`
	Proxies            []Proxy       `json:"proxies"`
}

// Proxy is an API proxy as seeded.
type Proxy struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// APIType is REST, SOAP or AI. An AI proxy (an LLM gateway, seeded as
	// {"name": "assistant", "apiType": "AI"}) reads like any other, but
	// every routing write to it is refused (wire/PROTOCOL.md §2.7).
	APIType              string                `json:"apiType"`
	LoadBalanceAlgorithm string                `json:"loadBalanceAlgorithm,omitempty"`
	RoutingAddresses     []wire.RoutingAddress `json:"routingAddresses,omitempty"`
	// RoutingDisabled seeds the proxy with routing off.
	RoutingDisabled bool `json:"routingDisabled,omitempty"`
}

// CatalogAPI is an API the catalog holds from the start.
type CatalogAPI struct {
	// ID is the API's ID, e.g. "api18969.acmepaymentscorp"; when empty,
	// the API gets one as a created API would.
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Visibility  string `json:"visibility,omitempty"`
	// Versions are oldest first: the last is the API's latest. Each is in
	// the platform's own form (wire.APIVersion, as POST /api/apis takes
	// it, field names capitalised); an APIVersionID given is kept, else
	// the version gets one as an added version would.
	Versions []wire.APIVersion `json:"versions"`
}

// LoadConfig reads a seed file.
func LoadConfig(path string) (Config, error) {
	var cfg Config
	b, err := os.ReadFile(path) //nolint:gosec // the seed file the user named with -seed
	if err != nil {
		return cfg, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.check(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// check reports what a seed says that the mock could not serve.
func (c Config) check() error {
	ids := map[string]bool{}
	for _, a := range c.APIs {
		switch {
		case strings.TrimSpace(a.Name) == "":
			return errors.New("apis: every API needs a name")
		case len(a.Versions) == 0:
			return fmt.Errorf("apis: API %q needs at least one version", a.Name)
		case a.ID != "" && !strings.HasSuffix(a.ID, "."+c.FedMemberID):
			return fmt.Errorf("apis: API %q: id %q must end with the tenant, .%s", a.Name, a.ID, c.FedMemberID)
		case a.ID != "" && ids[a.ID]:
			return fmt.Errorf("apis: id %q is used twice", a.ID)
		}
		ids[a.ID] = a.ID != ""
		for _, v := range a.Versions {
			if strings.TrimSpace(v.Name) == "" {
				return fmt.Errorf("apis: API %q: every version needs a Name", a.Name)
			}
		}
	}
	return nil
}

// DemoConfig is the platform make mock serves without a seed file, and the
// one the docs test runs every example of README.md, docs/ and examples/
// against: every project, proxy, environment and API they name is here.
// examples/mock/seed.json is the same platform as a seed file (with
// latestManager, as make mock serves it), and a test keeps the two equal.
// Tests that count the APIs they create clear APIs first.
func DemoConfig() Config {
	return Config{
		FedMemberID: "acmepaymentscorp",
		Users:       []User{{Email: "ops@acme.example", Password: "demo-password"}},
		Tokens:      []Token{{Value: "demo-token", Manage: []string{"*"}}},
		Projects: []Project{
			{
				Name:         "ecommerce",
				Description:  "Online shop",
				Environments: []string{"test", "production"},
				Proxies: []Proxy{
					{Name: "orders-api", APIType: "REST", Description: "Order management",
						RoutingAddresses: []wire.RoutingAddress{
							{Address: "https://orders-1.internal:8443/v1"}, {Address: "https://orders-2.internal:8443/v1"}}},
					{Name: "billing-soap", APIType: "SOAP", Description: "Legacy billing service",
						LoadBalanceAlgorithm: "WEIGHTED"},
					{Name: "orders-dr-api", APIType: "REST", Description: "Order management with a disaster-recovery site"},
				},
			},
			{
				Name:         "payments",
				Description:  "Payments team",
				Environments: []string{"test", "production"},
				Proxies: []Proxy{
					{Name: "payments-api", APIType: "REST", Description: "Payments, v1 to v3"},
				},
			},
			{
				Name:         "assistants",
				Description:  "LLM gateways",
				Environments: []string{"production"},
				Proxies: []Proxy{
					{Name: "support-assistant", APIType: "AI", Description: "Support chat, routed through ai-routing"},
				},
			},
		},
		APIs: []CatalogAPI{ledgerAPI()},
	}
}

// ledgerAPI is another team's API with two live versions: what the data
// sources read and the import examples adopt.
func ledgerAPI() CatalogAPI {
	version := func(id, name, path string) wire.APIVersion {
		v := wire.APIVersion{APIVersionID: id, Name: name, Description: "Ledger " + name + ".", Visibility: "Public",
			Tag: []string{"finance"}}
		v.Endpoints.Endpoint = []wire.Endpoint{{Category: "Production", Uri: "https://ledger.broker.example.com/" + path}}
		v.TargetAPI = &wire.TargetAPI{Type: "shttp"}
		v.TargetAPI.Endpoints.Endpoint = []wire.Endpoint{{Category: "Production", Uri: "https://ledger.internal:8443/" + path}}
		return v
	}
	return CatalogAPI{
		ID:          "api18969.acmepaymentscorp",
		Name:        "ledger",
		Description: "The finance team's ledger.",
		Visibility:  "Public",
		Versions: []wire.APIVersion{
			version("3c9e5d7a-1b2f-5c4e-8a6d-0f1e2d3c4b5a.acmepaymentscorp", "1.0", "v1"),
			version("6f1c2a7e-0b7d-4f2e-9a51-3c8d5e0f1a2b.acmepaymentscorp", "2.0", "v2"),
		},
	}
}
