package mockplatform

import (
	"fmt"
	"net/http"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Route health on the latest manager (wire/PROTOCOL.md §2.7): a deployment
// reaches the gateway pods some time after deploy-status says "deployed".
// The mock counts time in route-health polls, so that tests are quick and
// repeatable: the pods of an environment pick a deployment up one after
// another over the first RoutePickupPolls polls after it, and every later
// poll finds all of them serving it, unless the environment's routes are
// stalled.

const (
	defaultGatewayPods      = 3
	defaultRoutePickupPolls = 2
)

func (s *Server) gatewayPods() int {
	switch n := s.cfg.GatewayPods; {
	case n == 0:
		return defaultGatewayPods
	case n < 0:
		return 0
	default:
		return n
	}
}

func (s *Server) routePickupPolls() int {
	if s.cfg.RoutePickupPolls == 0 {
		return defaultRoutePickupPolls
	}
	return s.cfg.RoutePickupPolls
}

// podIP is the address of gateway pod k, 10.0.0.5 the first.
func podIP(k int) string {
	n := 5 + k
	return fmt.Sprintf("10.0.%d.%d", n/256, n%256)
}

func stallKey(project, env string) string { return project + "@" + env }

// podsActive is how many of pods serve a deployment on its poll-th
// route-health poll; s.mu must be held.
func (s *Server) podsActive(project, env string, poll, pods int) int {
	pickup := s.routePickupPolls()
	switch {
	case pickup < 0 || s.stalled[stallKey(project, env)]:
		return 0
	case poll > pickup:
		return pods
	default:
		return (poll - 1) * pods / pickup
	}
}

func (s *Server) routeHealth(w http.ResponseWriter, route opsRoute, token Token) {
	if !s.canRead(w, route.project, token) {
		return
	}
	s.mu.Lock()
	rec, missing := s.environmentLookup(route)
	var out wire.RouteHealth
	if rec != nil {
		s.routePolls[deployKey(route.project, route.proxy, route.env)]++
		out = s.routeHealthLocked(route, rec)
	}
	s.mu.Unlock()
	if rec == nil {
		s.notFound(w, missing)
		return
	}
	s.writeList(w, []wire.RouteHealth{out}, 1)
}

// routeHealthLocked is one poll of the environment's pods: it counts
// towards the pickup of the deployment there. A proxy not deployed there
// has no route to serve: every pod answers, none serves it.
func (s *Server) routeHealthLocked(route opsRoute, rec *proxyRecord) wire.RouteHealth {
	pods := s.gatewayPods()
	out := wire.RouteHealth{PodsResponded: pods, Pods: make([]wire.PodRoute, 0, pods)}
	if d := rec.deployments[route.env]; d != nil {
		d.polls++
		out.PodsActive = s.podsActive(route.project, route.env, d.polls, pods)
		out.ServedPath = rec.servedPath()
	}
	for k := range pods {
		out.Pods = append(out.Pods, wire.PodRoute{WorkerPodIP: podIP(k), RouteActive: k < out.PodsActive})
	}
	out.RouteActive = pods > 0 && out.PodsActive == pods
	if d := rec.deployments[route.env]; d != nil && out.RouteActive && !d.live {
		d.live = true
		s.event("route of %s/%s live in %s: %d of %d gateway pods serve it (poll %d after the deployment)",
			route.project, rec.proxy.Name, route.env, out.PodsActive, pods, d.polls)
	}
	return out
}

// StallRoutes makes the gateway pods of env in project pick up no
// deployment, as stuck gateways would, until ResumeRoutes.
func (s *Server) StallRoutes(project, env string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stalled[stallKey(project, env)] = true
}

// ResumeRoutes undoes StallRoutes: the polls made meanwhile count, so a
// deployment polled often enough is live on the next poll.
func (s *Server) ResumeRoutes(project, env string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.stalled, stallKey(project, env))
}

// RouteHealthPolls counts the route-health reads of a proxy in env.
func (s *Server) RouteHealthPolls(project, proxy, env string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.routePolls[deployKey(project, proxy, env)]
}
