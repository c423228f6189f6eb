package client

import (
	"context"
	"net/http"
	"net/url"
)

// API is the catalog's API object. Field names are the platform's. Lists are
// never omitted: the platform answers [] for an absent list, and so do we.
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

type Endpoints struct {
	Endpoint []Endpoint `json:"Endpoint"`
}

type Endpoint struct {
	Uri                  string     `json:"Uri"` //nolint:revive // the platform's spelling
	Category             string     `json:"Category"`
	CName                string     `json:"CName,omitempty"`
	DeploymentZoneRule   string     `json:"DeploymentZoneRule,omitempty"`
	ConnectionProperties []Property `json:"ConnectionProperties"`
}

type Property struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

type Operations struct {
	Operation []Operation `json:"Operation"`
}

type Operation struct {
	Name              string  `json:"Name"`
	Method            string  `json:"Method,omitempty"`
	Path              string  `json:"Path,omitempty"`
	Input             []Input `json:"Input"`
	InputContentType  string  `json:"InputContentType,omitempty"`
	OutputContentType string  `json:"OutputContentType,omitempty"`
	FaultContentType  string  `json:"FaultContentType,omitempty"`
}

type Input struct {
	Name string `json:"Name"`
	Type string `json:"Type"`
}

type Policies struct {
	Policy []Policy `json:"Policy"`
}

type Policy struct {
	PolicyKey  string `json:"PolicyKey"`
	PolicyType string `json:"PolicyType"`
}

type RatingSummary struct {
	Five  int `json:"Five"`
	Four  int `json:"Four"`
	Three int `json:"Three"`
	Two   int `json:"Two"`
	One   int `json:"One"`
}

// APIList is the answer of GET /api/apis.
type APIList struct {
	Channel struct {
		Item []APIListItem `json:"item"`
	} `json:"channel"`
}

type APIListItem struct {
	GUID  string `json:"guid"`
	Title string `json:"title"`
}

func apiPath(id string) string { return "/api/apis/" + url.PathEscape(id) }

// CreateAPI adds an API. The POST is never repeated once it may have reached
// the platform; see FindAPIByName for recovering from a lost answer.
func (c *Client) CreateAPI(ctx context.Context, api *API) (*API, error) {
	var out API
	if err := c.catalog(ctx, call{method: http.MethodPost, path: "/api/apis", body: api}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) GetAPI(ctx context.Context, id string) (*API, error) {
	var out API
	if err := c.catalog(ctx, call{method: http.MethodGet, path: apiPath(id)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) UpdateAPI(ctx context.Context, id string, api *API) (*API, error) {
	var out API
	if err := c.catalog(ctx, call{method: http.MethodPut, path: apiPath(id), body: api}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteAPI removes an API and all its versions.
func (c *Client) DeleteAPI(ctx context.Context, id string) error {
	return c.catalog(ctx, call{method: http.MethodDelete, path: apiPath(id), accept: "text/plain"}, nil)
}

func (c *Client) ListAPIs(ctx context.Context) ([]APIListItem, error) {
	var out APIList
	if err := c.catalog(ctx, call{method: http.MethodGet, path: "/api/apis"}, &out); err != nil {
		return nil, err
	}
	return out.Channel.Item, nil
}

// FindAPIsByName returns the IDs of the APIs named name; names are unique in
// a tenant, so more than one means the platform broke that promise.
func (c *Client) FindAPIsByName(ctx context.Context, name string) ([]string, error) {
	items, err := c.ListAPIs(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, it := range items {
		if it.Title == name {
			ids = append(ids, it.GUID)
		}
	}
	return ids, nil
}
