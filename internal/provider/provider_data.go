package provider

import (
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// providerData is what Configure hands to resources and data sources.
// Credentials are checked by the first resource that needs them, so a
// configuration that never uses /api/ need not carry a password.
type providerData struct {
	cfg    client.Config
	client *client.Client
	// unknown holds attributes whose value is not known yet at plan time.
	unknown map[string]bool
	// planned are the API proxies this run's plan creates or changes.
	planned plannedProxies
	// reads are the lists plan-time checks share (plan_reads.go).
	reads planReads
}

// plannedProxies are the API proxies a plan creates or changes
// (platform_api_proxy), by project/name, with what the plan leaves of each.
// Terraform plans a resource after those it references, in one provider
// process, so platform_proxy_routing's plan for a proxy created in the same
// apply (its api_proxy_name referencing the proxy resource) finds it here,
// where the platform does not have it yet, and takes the algorithm the plan
// will leave rather than the platform's.
type plannedProxies struct {
	mu      sync.Mutex
	proxies map[string]plannedProxy
}

// plannedProxy is what a plan leaves of an API proxy.
type plannedProxy struct {
	// LoadBalanceAlgorithm is the algorithm the plan leaves; unknown when
	// it is not known at plan time.
	LoadBalanceAlgorithm types.String
}

// plan records what the plan leaves of project/name.
func (p *plannedProxies) plan(project, name string, px plannedProxy) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.proxies == nil {
		p.proxies = map[string]plannedProxy{}
	}
	p.proxies[project+"/"+name] = px
}

// lookup is what the plan leaves of project/name, if this plan creates or
// changes it.
func (p *plannedProxies) lookup(project, name string) (plannedProxy, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	px, ok := p.proxies[project+"/"+name]
	return px, ok
}

// stringValue resolves an attribute, falling back to its environment
// variable; attributes win over the environment.
func (d *providerData) stringValue(attr string, v types.String, env string) string {
	if v.IsUnknown() {
		d.unknown[attr] = true
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

type credential struct {
	attr, env, value string
}

// require returns the client when every credential is set. ok is false with
// no error when a value is still unknown at plan time: the caller skips
// its platform call then.
func (d *providerData) require(creds ...credential) (c *client.Client, ok bool, diags diag.Diagnostics) {
	if d == nil {
		diags.AddError("Provider not configured",
			"The platform provider was not configured. This is a bug in the provider; please report it.")
		return nil, false, diags
	}
	for _, cr := range creds {
		if d.unknown[cr.attr] {
			return nil, false, nil
		}
	}
	if d.client == nil {
		return nil, false, nil
	}
	for _, cr := range creds {
		if cr.value == "" {
			diags.AddAttributeError(path.Root(cr.attr), "Missing platform credential: "+cr.attr,
				"This resource needs the provider's "+cr.attr+": set it in the provider block or the "+
					cr.env+" environment variable.")
		}
	}
	if diags.HasError() {
		return nil, false, diags
	}
	return d.client, true, nil
}

// apiops returns a client for /apiops/ calls, which need the token.
func (d *providerData) apiops() (*client.Client, bool, diag.Diagnostics) {
	if d == nil {
		return d.require()
	}
	return d.require(credential{"token", "PLATFORM_TOKEN", d.cfg.Token})
}

// catalog returns a client for /api/ calls, which need a login.
func (d *providerData) catalog() (*client.Client, bool, diag.Diagnostics) {
	if d == nil {
		return d.require()
	}
	return d.require(
		credential{"fed_member_id", "PLATFORM_FED_MEMBER_ID", d.cfg.FedMemberID},
		credential{"email", "PLATFORM_EMAIL", d.cfg.Email},
		credential{"password", "PLATFORM_PASSWORD", d.cfg.Password},
	)
}
