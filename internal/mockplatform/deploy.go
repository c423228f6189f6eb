package mockplatform

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// deployFailure makes the next deployments to one environment fail, or
// the next undeployments of deleted proxies from it.
type deployFailure struct {
	project, env, message string
	remaining             int
	undeploy              bool
}

// deployTargets checks the deployment part of a settings write: every
// environment must exist in the project (wire/PROTOCOL.md §2.6). It returns the
// environments to deploy to, or the message of the 400 answer. s.mu held.
func (s *Server) deployTargets(project string, d deployInput) ([]string, string) {
	if d.Deploy == nil || !*d.Deploy {
		return nil, ""
	}
	if d.Environments == nil || len(*d.Environments) == 0 {
		return nil, "deployTargetEnvironmentNameList is required when deploy is true"
	}
	for _, env := range *d.Environments {
		if !slices.Contains(s.projects[project].environments, env) {
			return nil, environmentNotFound(env)
		}
	}
	return *d.Environments, ""
}

func environmentNotFound(env string) string {
	return fmt.Sprintf("Environment (%s) is not found!", env)
}

// deployLocked deploys the saved proxy to envs and returns the answer's
// deploymentResult. A failed deployment leaves the environment as it was.
// s.mu must be held.
func (s *Server) deployLocked(project string, rec *proxyRecord, envs []string) wire.DeploymentResult {
	out := wire.DeploymentResult{Success: true}
	for _, env := range envs {
		r := wire.EnvironmentDeployment{EnvironmentName: env, Success: true}
		if msg := s.takeDeployFailure(project, env); msg != "" {
			r.Success, r.Message, out.Success = false, msg, false
			s.event("deployment of %s/%s to %s FAILED: %s", project, rec.proxy.Name, env, msg)
		} else {
			rec.deployments[env] = &deployment{revision: rec.revision, time: s.timestamp()}
			s.deployCount[deployKey(project, rec.proxy.Name, env)]++
			s.event("deployed %s/%s to %s (revision %d, %s)", project, rec.proxy.Name, env,
				rec.revision, s.describeAddresses(rec.proxy.Routing.RoutingAddressList))
		}
		out.DeploymentResults = append(out.DeploymentResults, r)
	}
	return out
}

func deployKey(project, proxy, env string) string { return project + "/" + proxy + "@" + env }

func (s *Server) takeDeployFailure(project, env string) string {
	return s.takeFailure(project, env, false)
}

func (s *Server) takeUndeployFailure(project, env string) string {
	return s.takeFailure(project, env, true)
}

func (s *Server) takeFailure(project, env string, undeploy bool) string {
	for _, f := range s.deployFailures {
		if f.remaining > 0 && f.undeploy == undeploy && f.env == env && (f.project == "" || f.project == project) {
			f.remaining--
			return f.message
		}
	}
	return ""
}

// environmentLookup finds the proxy and checks the environment; it returns
// the "not found" message otherwise. s.mu must be held.
func (s *Server) environmentLookup(route opsRoute) (*proxyRecord, string) {
	rec, missing := s.lookupProxy(route)
	if rec == nil {
		return nil, missing
	}
	if !slices.Contains(s.projects[route.project].environments, route.env) {
		return nil, environmentNotFound(route.env)
	}
	return rec, ""
}

func (s *Server) deployStatus(w http.ResponseWriter, route opsRoute, token Token) {
	if !s.canRead(w, route.project, token) {
		return
	}
	s.mu.Lock()
	rec, missing := s.environmentLookup(route)
	var st wire.DeployStatus
	if rec != nil {
		if d := rec.deployments[route.env]; d != nil {
			st = wire.DeployStatus{Deployed: true, LastDeployTime: d.time, Revision: d.revision,
				RedeployRequired: d.revision != rec.revision}
		}
	}
	s.mu.Unlock()
	if rec == nil {
		s.notFound(w, missing)
		return
	}
	s.writeList(w, []wire.DeployStatus{st}, 1)
}

// deployOrUndeploy is POST (deploy the saved proxy) or DELETE (undeploy)
// on .../environments/{env}/. Both answer in one form on every release
// (wire/PROTOCOL.md §2.6): they are no settings write, whose answer the
// current release changed (§2.1).
func (s *Server) deployOrUndeploy(w http.ResponseWriter, method string, route opsRoute, token Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, missing := s.environmentLookup(route)
	if rec == nil {
		s.notFound(w, missing)
		return
	}
	if !token.canManage(route.project) {
		s.forbidden(w)
		return
	}
	if method == http.MethodDelete {
		delete(rec.deployments, route.env)
		s.event("undeployed %s/%s from %s", route.project, route.proxy, route.env)
		writeJSON(w, http.StatusOK, map[string]any{"success": true})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true,
		"deploymentResult": s.deployLocked(route.project, rec, []string{route.env})})
}

// FailDeployments makes the next times deployments to env in project fail
// with message, as unreachable gateways would; an empty project matches
// every project.
func (s *Server) FailDeployments(project, env, message string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deployFailures = append(s.deployFailures, &deployFailure{project: project, env: env, message: message, remaining: times})
}

// FailUndeployments makes the next times a deleted proxy is undeployed
// from env in project fail with message (wire/PROTOCOL.md §2.9); an empty
// project matches every project.
func (s *Server) FailUndeployments(project, env, message string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deployFailures = append(s.deployFailures, &deployFailure{project: project, env: env, message: message, remaining: times, undeploy: true})
}

// Deployments counts the successful deployments of a proxy to env so far.
func (s *Server) Deployments(project, proxy, env string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deployCount[deployKey(project, proxy, env)]
}

// DeployState tells whether the proxy is deployed in env and whether the
// saved proxy has changed since (a redeploy is required).
func (s *Server) DeployState(project, proxy, env string) (deployed, redeployRequired bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, _ := s.lookupProxy(opsRoute{project: project, proxy: proxy})
	if rec == nil || rec.deployments[env] == nil {
		return false, false
	}
	return true, rec.deployments[env].revision != rec.revision
}

// Undeploy removes a proxy's deployment from env behind the client's back.
func (s *Server) Undeploy(project, proxy, env string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, _ := s.lookupProxy(opsRoute{project: project, proxy: proxy}); rec != nil {
		delete(rec.deployments, env)
	}
}

// describeAddresses counts a list's addresses for the event log, by role
// where the variant serves roles (wire/PROTOCOL.md §2.7).
func (s *Server) describeAddresses(list []wire.RoutingAddress) string {
	out := fmt.Sprintf("%d addresses", len(list))
	if !s.roles() || len(list) == 0 {
		return out
	}
	var roles []string
	for _, kind := range wire.AddressTypes {
		n, watched := 0, 0
		for _, a := range list {
			if addressType(a.AddressType) == kind {
				n++
				if monitored(a) {
					watched++
				}
			}
		}
		if n > 0 {
			roles = append(roles, fmt.Sprintf("%d %s (%d monitored)", n, kind, watched))
		}
	}
	return out + ": " + strings.Join(roles, ", ")
}
