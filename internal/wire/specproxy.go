package wire

// Environment is one entry of GET /apiops/projects/{p}/environments/
// (wire/PROTOCOL.md §2.8). The current release fills in Name and the rest;
// older managers only EnvironmentName and Description. The answer's
// deployed and redeployRequired are always null there and are not read.
type Environment struct {
	ID              string `json:"id,omitempty"`
	Name            string `json:"name,omitempty"`
	EnvironmentName string `json:"environmentName,omitempty"`
	Description     string `json:"description"`
	// Type is PRODUCTION, SANDBOX or TEST.
	Type      string `json:"type,omitempty"`
	AccessURL string `json:"accessUrl,omitempty"`
	// Status is the environment's own: PUBLISHED, UNPUBLISHED or
	// REPUBLISH_REQUIRED.
	Status string `json:"status,omitempty"`
}

// Environment types and statuses (wire/PROTOCOL.md §2.8).
var (
	EnvironmentTypes    = []string{"PRODUCTION", "SANDBOX", "TEST"}
	EnvironmentStatuses = []string{"PUBLISHED", "UNPUBLISHED", "REPUBLISH_REQUIRED"}
)

// LoadBalanceAlgorithms are wire/PROTOCOL.md §2.1's, the default first.
var LoadBalanceAlgorithms = []string{"ROUND_ROBIN", "WEIGHTED", "LRU", "RANDOM", "PICK_FIRST"}

// Creation types of a proxy made from a specification (wire/PROTOCOL.md
// §2.9): either carries either version; clients send SWAGGER for 2.0.
const (
	CreationOpenAPI = "OPEN_API"
	CreationSwagger = "SWAGGER"
)

// SpecProxyMetadata is what a create or re-parse from a specification
// sends (wire/PROTOCOL.md §2.9): the metadata part of
// .../apiProxies/file/, or the whole body of .../apiProxies/url/.
type SpecProxyMetadata struct {
	APIProxyName         string `json:"apiProxyName"`
	APIProxyCreationType string `json:"apiProxyCreationType"`
	// APIProxyDescription left empty keeps the description on a re-parse.
	APIProxyDescription string `json:"apiProxyDescription,omitempty"`
	// SpecURL is for .../apiProxies/url/ only.
	SpecURL string `json:"specUrl,omitempty"`
	// ClientRoute is required on a create; nil keeps the routes on a
	// re-parse.
	ClientRoute *ClientRoute `json:"clientRoute,omitempty"`
	RoutingInfo *RoutingInfo `json:"routingInfo,omitempty"`
	Deploy
	ReParse bool `json:"reParse,omitempty"`
}

// ClientRoute is where a proxy takes requests: the first relative path is
// the one the proxy list and route-health report.
type ClientRoute struct {
	RelativePathList []string `json:"relativePathList"`
	HostList         []string `json:"hostList,omitzero"`
}

// RoutingInfo is the routing a create or re-parse sets; each field left
// out keeps (re-parse) or defaults (create).
type RoutingInfo struct {
	LoadBalanceAlgorithm string `json:"loadBalanceAlgorithm,omitempty"`
	RoutingEnabled       *bool  `json:"routingEnabled,omitempty"`
	// RoutingAddressList replaces the addresses when not nil (an empty,
	// non-nil list removes them all, as wire/PROTOCOL.md §2.2's does).
	RoutingAddressList []RoutingAddress `json:"routingAddressList,omitzero"`
}

// ProxyEndpoint is one operation of a proxy made from a specification, as
// its GET's endpointList shows it.
type ProxyEndpoint struct {
	ID                 string `json:"id"`
	Endpoint           string `json:"endpoint"`
	HTTPMethod         string `json:"httpMethod"`
	Description        string `json:"description"`
	Active             bool   `json:"active"`
	BackendResourceURL string `json:"backendResourceUrl"`
	BackendHTTPMethod  string `json:"backendHttpMethod"`
}
