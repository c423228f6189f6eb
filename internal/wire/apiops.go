package wire

// APIProxy is an API proxy as GET .../apiProxies/{name}/ answers it
// (wire/PROTOCOL.md §2.1). Fields the client does not know are ignored.
type APIProxy struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	APIType     string  `json:"apiType"`
	Routing     Routing `json:"routing"`
	// DeploymentList is nil where the manager does not report deployments
	// on the proxy (releases before the current one, §2.7).
	DeploymentList []ProxyDeployment `json:"deploymentList,omitempty"`
	// ClientRoute is the proxy's routes as last written, for a proxy made
	// from a specification (§2.9); the current release shows one for
	// every proxy.
	ClientRoute *ClientRoute `json:"clientRoute,omitempty"`
	// EndpointList is the operations of the document last parsed, for a
	// proxy made from a specification (§2.9), in no promised order; nil
	// for any other proxy.
	EndpointList []ProxyEndpoint `json:"endpointList,omitzero"`
}

// ProxyDeployment is one environment's entry of a proxy's deploymentList:
// the facts of that environment's deploy-status.
type ProxyDeployment struct {
	EnvironmentName  string `json:"environmentName"`
	Deployed         bool   `json:"deployed"`
	RedeployRequired bool   `json:"redeployRequired"`
}

// Routing is an API proxy's routing settings.
type Routing struct {
	RoutingEnabled       bool             `json:"routingEnabled"`
	LoadBalanceAlgorithm string           `json:"loadBalanceAlgorithm"`
	RoutingAddressList   []RoutingAddress `json:"routingAddressList"`
}

// RoutingAddress is one backend address. The newest manager never reports
// soapType, addressType, description or healthCheckPath in an answer: an
// empty value there means "not reported" (wire/PROTOCOL.md §2.7).
type RoutingAddress struct {
	Address  string `json:"address"`
	Weight   int    `json:"weight,omitempty"`
	SoapType string `json:"soapType,omitempty"`
	// AddressType is PRIMARY (the platform's default), CANARY, MIRROR or
	// FAILOVER_ONLY.
	AddressType     string `json:"addressType,omitempty"`
	Description     string `json:"description,omitempty"`
	HealthCheckPath string `json:"healthCheckPath,omitempty"`
	// HealthMonitoringEnabled is nil when not sent, or not reported.
	HealthMonitoringEnabled *bool `json:"healthMonitoringEnabled,omitempty"`
}

// Address types (wire/PROTOCOL.md §2.7).
const (
	AddressPrimary      = "PRIMARY"
	AddressCanary       = "CANARY"
	AddressMirror       = "MIRROR"
	AddressFailoverOnly = "FAILOVER_ONLY"
)

// AddressTypes lists every address type, the default first.
var AddressTypes = []string{AddressPrimary, AddressCanary, AddressMirror, AddressFailoverOnly}

// RouteHealth is an environment's answer of GET
// .../environments/{env}/route-health/: whether the gateways serve the
// deployed route yet (wire/PROTOCOL.md §2.7).
type RouteHealth struct {
	RouteActive   bool       `json:"routeActive"`
	ServedPath    string     `json:"servedPath,omitempty"`
	PodsResponded int        `json:"podsResponded"`
	PodsActive    int        `json:"podsActive"`
	Pods          []PodRoute `json:"pods"`
}

// PodRoute is one gateway pod's view of the route.
type PodRoute struct {
	WorkerPodIP string `json:"workerPodIp"`
	RouteActive bool   `json:"routeActive"`
}

// Deploy asks a settings write to deploy the saved proxy to environments
// (wire/PROTOCOL.md §2.6); the zero value deploys nothing.
type Deploy struct {
	Deploy                          bool     `json:"deploy,omitempty"`
	DeployTargetEnvironmentNameList []string `json:"deployTargetEnvironmentNameList,omitempty"`
}

// AddressesUpdate is the body of .../settings/addresses/ (wire/PROTOCOL.md §2.2).
type AddressesUpdate struct {
	RoutingAddressList []RoutingAddress `json:"routingAddressList"`
	Deploy
}

// RoutingStatusUpdate is the body of .../settings/routing-status/
// (wire/PROTOCOL.md §2.5): only the fields sent are changed.
type RoutingStatusUpdate struct {
	RoutingEnabled *bool `json:"routingEnabled,omitempty"`
	Deploy
}

// SettingsResult answers a settings write or a deploy: classic managers
// say {"success": true}, the newest {"status": "SUCCESS", ...}.
type SettingsResult struct {
	Success          *bool             `json:"success,omitempty"`
	Status           string            `json:"status,omitempty"`
	ResultMessage    *string           `json:"resultMessage,omitempty"`
	DeploymentResult *DeploymentResult `json:"deploymentResult,omitempty"`
}

// DeploymentResult is the outcome of a deployment, per environment.
type DeploymentResult struct {
	Success           bool                    `json:"success"`
	DeploymentResults []EnvironmentDeployment `json:"deploymentResults"`
}

// EnvironmentDeployment is one environment's part of a deployment.
type EnvironmentDeployment struct {
	EnvironmentName string `json:"environmentName"`
	Success         bool   `json:"success"`
	Message         string `json:"message,omitempty"`
}

// DeployStatus is an environment's deployment of a proxy
// (GET .../environments/{env}/deploy-status/).
type DeployStatus struct {
	Deployed         bool   `json:"deployed"`
	LastDeployTime   string `json:"lastDeployTime,omitempty"`
	Revision         int    `json:"revision"`
	RedeployRequired bool   `json:"redeployRequired"`
}

// Project is one entry of GET /apiops/projects/.
type Project struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// ProxyListItem is one entry of GET /apiops/projects/{p}/apiProxies/.
// The list says "type" where the single GET says "apiType".
type ProxyListItem struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Type         string `json:"type"`
	RelativePath string `json:"relativePath"`
}

// ResultList is the newer managers' envelope around answers.
type ResultList[T any] struct {
	Success       *bool   `json:"success,omitempty"`
	Status        string  `json:"status,omitempty"`
	ResultMessage *string `json:"resultMessage,omitempty"`
	ResultList    []T     `json:"resultList"`
	ResultCount   int     `json:"resultCount"`
}

// OpsError is the classic /apiops/ error body (wire/PROTOCOL.md §2.3).
type OpsError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// OpsFailure is the newer managers' error body.
type OpsFailure struct {
	Status        string `json:"status"`
	ResultMessage string `json:"resultMessage"`
}
