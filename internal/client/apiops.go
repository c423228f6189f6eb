package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// RoutingAddress is one backend address of an API proxy.
type RoutingAddress struct {
	Address  string `json:"address"`
	Weight   int    `json:"weight,omitempty"`
	SoapType string `json:"soapType,omitempty"`
}

// Routing is an API proxy's routing settings.
type Routing struct {
	RoutingEnabled       bool             `json:"routingEnabled"`
	LoadBalanceAlgorithm string           `json:"loadBalanceAlgorithm"`
	RoutingAddressList   []RoutingAddress `json:"routingAddressList"`
}

// APIProxy is the part of an API proxy this provider reads.
type APIProxy struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	APIType     string  `json:"apiType"`
	Routing     Routing `json:"routing"`
}

// RoutingAddressUpdate is the body of the routing-address update.
type RoutingAddressUpdate struct {
	RoutingAddressList []RoutingAddress `json:"routingAddressList"`
}

// wrappedProxy is the newer managers' envelope around the proxy.
type wrappedProxy struct {
	Success     *bool             `json:"success"`
	ResultList  []json.RawMessage `json:"resultList"`
	ResultCount int               `json:"resultCount"`
}

func proxyPath(project, proxy string) string {
	return apiopsPrefix + "projects/" + url.PathEscape(project) + "/apiProxies/" + url.PathEscape(proxy) + "/"
}

func (c *Client) apiops(ctx context.Context, cl call) (*response, error) {
	cl.headers = map[string]string{"Authorization": "Bearer " + c.cfg.Token}
	return c.send(ctx, cl)
}

// GetAPIProxy reads a proxy, in either the bare or the wrapped form.
func (c *Client) GetAPIProxy(ctx context.Context, project, proxy string) (*APIProxy, error) {
	cl := call{method: http.MethodGet, path: proxyPath(project, proxy)}
	resp, err := c.apiops(ctx, cl)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := decode(cl, resp, &raw); err != nil {
		return nil, err
	}
	var wrapped wrappedProxy
	if err := json.Unmarshal(raw, &wrapped); err == nil && wrapped.ResultList != nil {
		if len(wrapped.ResultList) == 0 {
			return nil, &APIError{Method: cl.method, Path: cl.path, StatusCode: resp.status,
				Message: "the platform returned no API proxy", notFound: true}
		}
		raw = wrapped.ResultList[0]
	}
	var out APIProxy
	if err := decode(cl, &response{status: resp.status, body: raw}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetRoutingAddresses replaces the proxy's whole address list. Older managers
// only know PATCH for this path, so a 405 on PUT is repeated as PATCH.
func (c *Client) SetRoutingAddresses(ctx context.Context, project, proxy string, list []RoutingAddress) error {
	if list == nil {
		list = []RoutingAddress{}
	}
	cl := call{method: http.MethodPut, path: proxyPath(project, proxy) + "settings/addresses/",
		body: RoutingAddressUpdate{RoutingAddressList: list}}
	resp, err := c.apiops(ctx, cl)
	if err != nil {
		return err
	}
	if resp.status == http.StatusMethodNotAllowed {
		cl.method = http.MethodPatch
		if resp, err = c.apiops(ctx, cl); err != nil {
			return err
		}
	}
	return decode(cl, resp, nil)
}
