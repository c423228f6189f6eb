package mockplatform

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Environment is one environment of a project as seeded
// (wire/PROTOCOL.md §2.8). Only Name is required: the ID is derived from
// the project and the name, the type from the name (PRODUCTION when it
// says "prod", SANDBOX when it says "sandbox", else TEST), the gateway
// address and the description from the name, and the status is
// PUBLISHED.
type Environment struct {
	Name        string `json:"name"`
	ID          string `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type,omitempty"`
	AccessURL   string `json:"accessUrl,omitempty"`
	Status      string `json:"status,omitempty"`
}

// withDefaults fills in what e leaves out.
func (e Environment) withDefaults(project string) Environment {
	if e.ID == "" {
		sum := sha256.Sum256([]byte(project + "\x00" + e.Name))
		e.ID = hex.EncodeToString(sum[:12])
	}
	lower := strings.ToLower(e.Name)
	if e.Type == "" {
		switch {
		case strings.Contains(lower, "prod"):
			e.Type = "PRODUCTION"
		case strings.Contains(lower, "sandbox"):
			e.Type = "SANDBOX"
		default:
			e.Type = "TEST"
		}
	}
	if e.AccessURL == "" {
		e.AccessURL = "https://" + hostLabel(lower) + ".gateway.example.com"
	}
	if e.Description == "" && e.Name != "" {
		r := []rune(e.Name)
		e.Description = string(unicode.ToUpper(r[0])) + string(r[1:]) + " environment"
	}
	if e.Status == "" {
		e.Status = "PUBLISHED"
	}
	return e
}

// hostLabel makes a DNS label of a name: letters and digits kept, every
// run of anything else one hyphen.
func hostLabel(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if label := strings.Trim(b.String(), "-"); label != "" {
		return label
	}
	return "env"
}

// check reports what is wrong with a seeded environment, or "".
func (e Environment) check() string {
	switch {
	case e.Name == "":
		return "an environment needs a name"
	case e.Type != "" && !slices.Contains(wire.EnvironmentTypes, e.Type):
		return fmt.Sprintf("environment %q: type %q is not one of %s", e.Name, e.Type, strings.Join(wire.EnvironmentTypes, ", "))
	case e.Status != "" && !slices.Contains(wire.EnvironmentStatuses, e.Status):
		return fmt.Sprintf("environment %q: status %q is not one of %s", e.Name, e.Status, strings.Join(wire.EnvironmentStatuses, ", "))
	}
	return ""
}

// projectJSON is Project as a seed file has it.
type projectJSON struct {
	Name         string            `json:"name"`
	Description  string            `json:"description,omitempty"`
	Environments []json.RawMessage `json:"environments,omitempty"`
	Proxies      []Proxy           `json:"proxies"`
}

// UnmarshalJSON reads "environments" entries as names ("production", as
// seed files always have) or as Environment objects.
func (p *Project) UnmarshalJSON(b []byte) error {
	var in projectJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*p = Project{Name: in.Name, Description: in.Description, Proxies: in.Proxies}
	for _, raw := range in.Environments {
		var name string
		if err := json.Unmarshal(raw, &name); err == nil {
			raw = fmt.Appendf(nil, `{"name": %q}`, name)
		}
		var env Environment
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&env); err != nil {
			return fmt.Errorf("project %q: environments: want a name or an object of name, id, description, type, accessUrl and status: %w", in.Name, err)
		}
		if msg := env.check(); msg != "" {
			return fmt.Errorf("project %q: %s", in.Name, msg)
		}
		if slices.Contains(p.Environments, env.Name) {
			return fmt.Errorf("project %q: environment %q is listed twice", in.Name, env.Name)
		}
		p.Environments = append(p.Environments, env.Name)
		if env != (Environment{Name: env.Name}) {
			p.EnvironmentDetails = append(p.EnvironmentDetails, env)
		}
	}
	return nil
}

// MarshalJSON writes environments the way UnmarshalJSON reads them: a
// name alone where nothing else is said of it.
func (p Project) MarshalJSON() ([]byte, error) {
	out := projectJSON{Name: p.Name, Description: p.Description, Proxies: p.Proxies}
	for _, env := range p.environments() {
		var v any = env.Name
		if i := slices.IndexFunc(p.EnvironmentDetails, func(d Environment) bool { return d.Name == env.Name }); i >= 0 {
			v = p.EnvironmentDetails[i]
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		out.Environments = append(out.Environments, raw)
	}
	return json.Marshal(out)
}

// environments is every environment of the project in order, as seeded:
// Environments, then those only EnvironmentDetails names.
func (p Project) environments() []Environment {
	out := make([]Environment, 0, len(p.Environments)+len(p.EnvironmentDetails))
	for _, name := range p.Environments {
		out = append(out, Environment{Name: name})
	}
	for _, d := range p.EnvironmentDetails {
		if i := slices.IndexFunc(out, func(e Environment) bool { return e.Name == d.Name }); i >= 0 {
			out[i] = d
		} else {
			out = append(out, d)
		}
	}
	return out
}

// member reports whether the token's user has any permission in project.
func (t Token) member(project string) bool {
	return len(t.Projects) == 0 || slices.Contains(t.Projects, "*") || slices.Contains(t.Projects, project) ||
		t.canManage(project)
}

// canRead answers "not found" and reports false when the token's user
// has no permission in project: reading needs one (wire/PROTOCOL.md §2.4),
// and to anyone else the project is not there, whether it exists or not,
// and so are its proxies (§2.8).
func (s *Server) canRead(w http.ResponseWriter, project string, token Token) bool {
	if token.member(project) {
		return true
	}
	s.notFound(w, projectNotVisible(project))
	return false
}

func projectNotVisible(name string) string {
	return fmt.Sprintf("Project (%s) is not found or user does not have privilege to access it!", name)
}

// listEnvironments answers GET /apiops/projects/{p}/environments/
// (wire/PROTOCOL.md §2.8): every release has it, each in its own form.
func (s *Server) listEnvironments(w http.ResponseWriter, route opsRoute, token Token) {
	s.mu.Lock()
	p, ok := s.projects[route.project]
	var envs []Environment
	if ok {
		for _, name := range p.environments {
			envs = append(envs, p.envDetails[name])
		}
	}
	s.mu.Unlock()
	if !ok || !token.member(route.project) {
		s.notFound(w, projectNotVisible(route.project))
		return
	}
	if s.cfg.ReverseLists {
		slices.Reverse(envs)
	}
	items := make([]map[string]any, 0, len(envs))
	for _, e := range envs {
		if s.cfg.LatestManager {
			items = append(items, map[string]any{"id": e.ID, "name": e.Name, "description": e.Description, "type": e.Type,
				"accessUrl": e.AccessURL, "status": e.Status, "deployed": nil, "redeployRequired": nil})
		} else {
			items = append(items, map[string]any{"environmentName": e.Name, "description": e.Description})
		}
	}
	if s.cfg.LatestManager {
		writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "resultList": items, "resultCount": len(items)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "resultList": items, "resultCount": len(items)})
}

// Environments returns a project's environments as §2.8 lists them on
// the current release, in order; nil when there is no such project.
func (s *Server) Environments(project string) []Environment {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[project]
	if !ok {
		return nil
	}
	out := make([]Environment, 0, len(p.environments))
	for _, name := range p.environments {
		out = append(out, p.envDetails[name])
	}
	return out
}
