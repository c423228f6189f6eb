// Package mockplatform is an in-memory implementation of the platform's
// management API (wire/PROTOCOL.md) for tests and demos. It validates what it is
// sent, answers the documented errors, records every request it serves and
// can inject faults.
package mockplatform

import (
	"encoding/json"
	"fmt"
	"os"
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

// LoadConfig reads a seed file.
func LoadConfig(path string) (Config, error) {
	var cfg Config
	b, err := os.ReadFile(path) //nolint:gosec // the seed file the user named with -seed
	if err != nil {
		return cfg, err
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// DemoConfig is what the standalone command serves without a seed file.
func DemoConfig() Config {
	return Config{
		FedMemberID: "acmepaymentscorp",
		Users:       []User{{Email: "ops@acme.example", Password: "demo-password"}},
		Tokens:      []Token{{Value: "demo-token", Manage: []string{"*"}}},
		Projects: []Project{{
			Name:         "ecommerce",
			Description:  "Online shop",
			Environments: []string{"test", "production"},
			Proxies: []Proxy{
				{Name: "orders-api", APIType: "REST", Description: "Order management"},
				{Name: "billing-soap", APIType: "SOAP", Description: "Legacy billing service",
					LoadBalanceAlgorithm: "WEIGHTED"},
			},
		}},
	}
}
