package mockplatform

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Estate is a large platform, as a team adopting the provider has one: APIs
// of every shape the catalog knows, and proxies with varied routing spread
// over projects. It is generated the same way every time.
type Estate struct {
	APIs     int `json:"apis"`
	Proxies  int `json:"proxies"`
	Projects int `json:"projects,omitempty"` // default 3
	// AIProxies adds that many AI proxies (LLM gateways, whose routing is
	// managed elsewhere: wire/PROTOCOL.md §2.7), ai-0, ai-1, …, spread over
	// the projects like the others.
	AIProxies int `json:"ai_proxies,omitempty"`
}

// EstateProjects names the projects an estate of n projects (3 when n is
// not positive) puts its proxies in; the second one needs escaping in a path.
func EstateProjects(n int) []string {
	if n <= 0 {
		n = 3
	}
	names := []string{"shop", "R&D Ops #2", "Zahlungsverkehr"}
	for i := len(names); i < n; i++ {
		names = append(names, fmt.Sprintf("team-%d", i))
	}
	return names[:n]
}

//go:embed testdata/seed004_request1.json
var seedSample1 []byte

// trickyNames are API names that are not Terraform identifiers, three of
// which sanitise alike; trickyProxyNames are the same for proxies, with the
// first and the fourth in the same project.
var (
	trickyNames      = []string{"Orders API", "orders-api", "orders.api", "2fa service", "Zahlungsdienst Übersicht", "日本語 API", "_private"}
	trickyProxyNames = []string{"Orders API", "billing", "Zahlungsdienst Übersicht", "orders_api", "2fa service", "日本語 API", "_private"}
)

// seedEstate adds the estate's projects, proxies and APIs to the store.
func (s *Server) seedEstate(e Estate) {
	projects := EstateProjects(e.Projects)
	for _, name := range projects {
		if s.projects[name] == nil {
			s.projects[name] = s.newProjectRecord(Project{Name: name, Description: "Estate project " + name,
				Environments: []string{"test", "production"}})
		}
	}
	for i := range e.Proxies {
		px := estateProxy(i)
		s.projects[projects[i%len(projects)]].proxies[px.Name] = s.newProxyRecord(px)
	}
	for i := range e.AIProxies {
		px := Proxy{Name: fmt.Sprintf("ai-%d", i), APIType: "AI", Description: "Estate LLM gateway",
			RoutingAddresses: []wire.RoutingAddress{{Address: fmt.Sprintf("https://llm-%d.internal/v1", i), Weight: 1}}}
		s.projects[projects[i%len(projects)]].proxies[px.Name] = s.newProxyRecord(px)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range e.APIs {
		s.addEstateAPI(i)
	}
}

func estateName(tricky []string, prefix string, i int) string {
	if i < len(tricky) {
		return tricky[i]
	}
	return fmt.Sprintf("%s-%03d", prefix, i)
}

// estateProxy varies type, routing, weights, SOAP versions, algorithm and
// routing status with i.
func estateProxy(i int) Proxy {
	px := Proxy{Name: estateName(trickyProxyNames, "proxy", i), APIType: "REST", Description: fmt.Sprintf("Estate proxy %d", i),
		LoadBalanceAlgorithm: []string{"ROUND_ROBIN", "WEIGHTED", "RANDOM"}[i%3], RoutingDisabled: i%7 == 6}
	if i%3 == 1 {
		px.APIType = "SOAP"
	}
	for a := range i % 4 {
		ra := wire.RoutingAddress{Address: fmt.Sprintf("https://backend-%d-%d.internal:8443/v1", i, a), Weight: 1 + (i+a)%3}
		if px.APIType == "SOAP" && a == 1 {
			ra.SoapType = "SOAP12"
		}
		px.RoutingAddresses = append(px.RoutingAddresses, ra)
	}
	return px
}

// addEstateAPI adds API i in one of the catalog's shapes; s.mu held.
func (s *Server) addEstateAPI(i int) {
	name := estateName(trickyNames, "api", i)
	if i == len(trickyNames) {
		var sample wire.API
		if err := json.Unmarshal(seedSample1, &sample); err == nil {
			s.addAPILocked(&sample, "mock")
			return
		}
	}
	v := wire.APIVersion{Name: "1.0"}
	api := &wire.API{Name: name, APIVersion: &v}
	switch i % 7 {
	case 1:
		api.Description, api.Visibility, api.PictureID = fmt.Sprintf("API number %d.", i), "Public", "1255"
		v.Description, v.Visibility, v.DefaultProfile = "First release.", "Public", "XML or JSON in/XML or JSON out"
	case 2:
		v.Endpoints.Endpoint = []wire.Endpoint{
			{Uri: fmt.Sprintf("http://api-%d.broker.example.com:80/v1", i), Category: "Production", CName: fmt.Sprintf("api-%d.broker.example.com", i)},
			{Uri: fmt.Sprintf("http://api-%d-sandbox.broker.example.com:80/v1", i), Category: "Sandbox", DeploymentZoneRule: "dzone-rule-1"}}
	case 3:
		v.Operations.Operation = []wire.Operation{
			{Name: "list", Method: "GET", Path: "/items"},
			{Name: "get", Method: "GET", Path: "/items/{id}", Input: []wire.Input{{Name: "id", Type: "path"}, {Name: "fields", Type: "query"}}}}
	case 4:
		v.Tag = []string{"estate", fmt.Sprintf("group-%d", i%5)}
		v.Policies.Policy = []wire.Policy{{PolicyKey: "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", PolicyType: "Operational Policy"}}
		v.ProductionEndpointAccessAutoApproved = true
	case 5:
		v.TargetAPI = &wire.TargetAPI{Type: "shttp", Endpoints: wire.Endpoints{Endpoint: []wire.Endpoint{{
			Uri: fmt.Sprintf("https://backend-%d.internal/api/", i), Category: "Production",
			ConnectionProperties: []wire.ConnectionProperty{{Name: "http.chunked.encoding", Value: "false"}}}}}}
	}
	rec := s.addAPILocked(api, "mock")
	for _, name := range estateVersions(i) {
		// Every further version is the first one renamed, so that the
		// latest, which GET shows, keeps the shape of API i; the shape
		// of several versions keeps its bare ones, as before.
		next := wire.APIVersion{Name: name}
		if i%7 != 6 {
			next = cloneVersion(v)
			next.Name = name
		}
		next.Description = "Version " + name
		s.addVersionLocked(rec, next, s.timestamp())
	}
}

// estateVersions names the versions API i has beyond its first, 1.0, in
// the order they are added: the last is the latest. About one API in four
// has two, three or four versions, and the four-version ones hold a pair
// of names that sanitise alike, "2.0" and "2_0".
func estateVersions(i int) []string {
	switch {
	case i%7 == 6:
		return []string{"1.1", "2.0"}
	case i%10 == 3:
		return []string{"1.1"}
	case i%10 == 8:
		return []string{"2.0-beta", "2.0", "2_0"}
	}
	return nil
}
