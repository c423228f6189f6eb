package wire

// API is the catalog's API object (wire/PROTOCOL.md §1.2). Lists are never
// omitted: the platform answers [] for an absent list, and so do we.
type API struct {
	APIID           string         `json:"APIID,omitempty"`
	Name            string         `json:"Name"`
	Description     string         `json:"Description,omitempty"`
	Visibility      string         `json:"Visibility,omitempty"`
	PictureID       string         `json:"PictureID,omitempty"`
	LatestVersionID string         `json:"LatestVersionID,omitempty"`
	AdminGroupID    string         `json:"AdminGroupID,omitempty"`
	Created         string         `json:"Created,omitempty"`
	Updated         string         `json:"Updated,omitempty"`
	AvatarURL       string         `json:"AvatarURL,omitempty"`
	IsFollowed      bool           `json:"IsFollowed,omitempty"`
	RatingSummary   *RatingSummary `json:"RatingSummary,omitempty"`
	APIVersion      *APIVersion    `json:"APIVersion,omitempty"`
}

// APIVersion is one version of an API; GET shows the latest.
type APIVersion struct {
	APIVersionID                         string         `json:"APIVersionID,omitempty"`
	APIID                                string         `json:"APIID,omitempty"`
	Name                                 string         `json:"Name"`
	Description                          string         `json:"Description,omitempty"`
	Visibility                           string         `json:"Visibility,omitempty"`
	Type                                 string         `json:"Type,omitempty"`
	DefaultProfile                       string         `json:"DefaultProfile,omitempty"`
	Tag                                  []string       `json:"Tag"`
	State                                string         `json:"State,omitempty"`
	ProductionEndpoint                   string         `json:"ProductionEndpoint,omitempty"`
	SandboxEndpoint                      string         `json:"SandboxEndpoint,omitempty"`
	ProductionEndpointAccessAutoApproved bool           `json:"ProductionEndpointAccessAutoApproved"`
	SandboxEndpointAccessAutoApproved    bool           `json:"SandboxEndpointAccessAutoApproved"`
	Endpoints                            Endpoints      `json:"Endpoints"`
	Operations                           Operations     `json:"Operations"`
	Policies                             Policies       `json:"Policies"`
	TargetAPI                            *TargetAPI     `json:"TargetAPI,omitempty"`
	Created                              string         `json:"Created,omitempty"`
	Updated                              string         `json:"Updated,omitempty"`
	RatingSummary                        *RatingSummary `json:"RatingSummary,omitempty"`
}

// TargetAPI is the backend the platform forwards to.
type TargetAPI struct {
	Type           string     `json:"Type,omitempty"`
	DefaultProfile string     `json:"DefaultProfile,omitempty"`
	Endpoints      Endpoints  `json:"Endpoints"`
	Operations     Operations `json:"Operations"`
	Policies       Policies   `json:"Policies"`
}

// Endpoints wraps the list as the platform does: {"Endpoint": [...]}.
type Endpoints struct {
	Endpoint []Endpoint `json:"Endpoint"`
}

// Endpoint is a proxy (broker) endpoint, or a target API's backend endpoint.
type Endpoint struct {
	Uri                  string               `json:"Uri"` //nolint:revive // the platform's spelling
	Category             string               `json:"Category"`
	CName                string               `json:"CName,omitempty"`
	DeploymentZoneRule   string               `json:"DeploymentZoneRule,omitempty"`
	ConnectionProperties []ConnectionProperty `json:"ConnectionProperties"`
}

// ConnectionProperty is one entry of an endpoint's ConnectionProperties.
type ConnectionProperty struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// Operations wraps the list as the platform does: {"Operation": [...]}.
type Operations struct {
	Operation []Operation `json:"Operation"`
}

// Operation is an operation of a version or of its target API.
type Operation struct {
	Name              string  `json:"Name"`
	Method            string  `json:"Method,omitempty"`
	Path              string  `json:"Path,omitempty"`
	Input             []Input `json:"Input"`
	InputContentType  string  `json:"InputContentType,omitempty"`
	OutputContentType string  `json:"OutputContentType,omitempty"`
	FaultContentType  string  `json:"FaultContentType,omitempty"`
}

// Input is an operation's input parameter.
type Input struct {
	Name string `json:"Name"`
	Type string `json:"Type"`
}

// Policies wraps the list as the platform does: {"Policy": [...]}.
type Policies struct {
	Policy []Policy `json:"Policy"`
}

// Policy is a policy attached to a version or its target API.
type Policy struct {
	PolicyKey  string `json:"PolicyKey"`
	PolicyType string `json:"PolicyType"`
}

// RatingSummary is read-only.
type RatingSummary struct {
	Five  int `json:"Five"`
	Four  int `json:"Four"`
	Three int `json:"Three"`
	Two   int `json:"Two"`
	One   int `json:"One"`
}

// APIList is the answer of GET /api/apis, and of GET
// /api/apis/{APIID}/versions (wire/PROTOCOL.md §1.5), whose items are versions.
type APIList struct {
	Channel APIChannel `json:"channel"`
}

// APIChannel holds the list's items.
type APIChannel struct {
	Item []APIListItem `json:"item"`
}

// APIListItem is one API of the list, its APIID and its Name; or one
// version of the versions list, its APIVersionID, Name and Created.
type APIListItem struct {
	GUID    string `json:"guid"`
	Title   string `json:"title"`
	PubDate string `json:"pubDate,omitempty"`
}

// LoginRequest is the body of POST /api/login.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LoginResponse is informational; the session comes back as cookies.
type LoginResponse struct {
	UserName      string `json:"userName"`
	UserFDN       string `json:"userFDN"`
	LoginDomainID string `json:"loginDomainID"`
}

// CatalogError is the error body of /api/ as the mock answers it; the
// real platform documents none.
type CatalogError struct {
	Code    int    `json:"Code"`
	Message string `json:"Message"`
}
