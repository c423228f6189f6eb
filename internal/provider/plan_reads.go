package provider

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// planReads are the lists the plan-time checks of "What a plan promises"
// read, kept for the life of the provider process. A plan is one provider
// process (Terraform starts one per walk: validate, plan, apply), and
// within it the environments of a project, the proxies of a project (read
// to name them when a routing's proxy is missing) and the catalog's APIs
// answer the checks of every resource that asks: one
// list read per project per plan, however many resources name it, rather
// than one read per resource. Within one plan nothing this provider does
// changes them; within an apply, where a proxy or an API may be created
// before a later resource is planned again, a name a list lacks is looked
// up once more on its own before anything is refused (see its callers).
// Failures are kept too: one plan does not ask again what the client's
// retries already gave up on.
type planReads struct {
	mu           sync.Mutex
	environments map[string]*onceRead[[]wire.Environment]
	proxies      map[string]*onceRead[[]wire.ProxyListItem]
	apis         map[string]*onceRead[[]wire.APIListItem]
	// gone are the objects a refresh of this process found deleted on the
	// platform and removed from state (goneKey).
	gone map[string]bool
}

// The types whose refresh records what it found gone.
const (
	routingType = "platform_proxy_routing"
	versionType = "platform_api_version"
)

// refuse adds the error of a refused plan, or the same words as a warning
// when the plan re-creates an object its refresh found deleted (wasGone):
// the apply then meets the platform's refusal, as before the check.
func refuse(diags *diag.Diagnostics, at path.Path, regone bool, summary, detail string) {
	if regone {
		diags.AddAttributeWarning(at, summary, detail+" This object was deleted on the platform outside Terraform and is "+
			"planned for creation again: the apply will fail unless that is fixed by then. Remove the resource from the "+
			"configuration if it is gone for good.")
		return
	}
	diags.AddAttributeError(at, summary, detail)
}

// goneKey names an object a refresh may find deleted, by what a plan to
// create it again also knows: its type and the names that identify it.
func goneKey(typ string, names ...string) string {
	return typ + "\x00" + strings.Join(names, "\x00")
}

// markGone records that a refresh found key's object deleted on the
// platform and removed it from state.
func (d *providerData) markGone(key string) {
	d.reads.mu.Lock()
	defer d.reads.mu.Unlock()
	if d.reads.gone == nil {
		d.reads.gone = map[string]bool{}
	}
	d.reads.gone[key] = true
}

// wasGone says whether a refresh of this process removed key's object
// from state: a plan to create it is then the re-creation of something
// deleted outside Terraform. A missing prerequisite (its proxy, its API)
// is a warning there, not a refusal: such a plan must not fail, since
// terraform destroy runs one (a normal plan that refreshes first) and
// would fail with it; and that plan is one process, as its refresh is.
func (d *providerData) wasGone(key string) bool {
	d.reads.mu.Lock()
	defer d.reads.mu.Unlock()
	return d.reads.gone[key]
}

// onceRead is one list read, made by the first caller that needs it;
// callers that ask meanwhile wait for its answer.
type onceRead[T any] struct {
	once sync.Once
	val  T
	err  error
}

// cachedRead returns the answer of read for key, reading it once.
func cachedRead[T any](mu *sync.Mutex, m *map[string]*onceRead[T], key string, read func() (T, error)) (T, error) {
	mu.Lock()
	if *m == nil {
		*m = map[string]*onceRead[T]{}
	}
	r := (*m)[key]
	if r == nil {
		r = &onceRead[T]{}
		(*m)[key] = r
	}
	mu.Unlock()
	r.once.Do(func() { r.val, r.err = read() })
	return r.val, r.err
}

// projectEnvironments lists the environments of project
// (wire/PROTOCOL.md §2.8), once per provider process.
func (d *providerData) projectEnvironments(ctx context.Context, c *client.Client, project string) ([]wire.Environment, error) {
	return cachedRead(&d.reads.mu, &d.reads.environments, project, func() ([]wire.Environment, error) {
		return c.ListEnvironments(ctx, project)
	})
}

// projectProxies lists the API proxies of project (wire/PROTOCOL.md §2.4),
// once per provider process.
func (d *providerData) projectProxies(ctx context.Context, c *client.Client, project string) ([]wire.ProxyListItem, error) {
	return cachedRead(&d.reads.mu, &d.reads.proxies, project, func() ([]wire.ProxyListItem, error) {
		return c.ListAPIProxies(ctx, project)
	})
}

// catalogAPIs lists the catalog's APIs (wire/PROTOCOL.md §1.3), once per
// provider process.
func (d *providerData) catalogAPIs(ctx context.Context, c *client.Client) ([]wire.APIListItem, error) {
	return cachedRead(&d.reads.mu, &d.reads.apis, "", func() ([]wire.APIListItem, error) {
		return c.ListAPIs(ctx)
	})
}

// currentRelease tells from a project's environments whether the manager
// is the routing vendor's current release (wire/PROTOCOL.md §2.7): only
// that release names an environment "name" (with its id, type and gateway
// address); every older one says "environmentName" (§2.8). known is false
// for an empty list, which does not tell.
func currentRelease(envs []wire.Environment) (current, known bool) {
	if len(envs) == 0 {
		return false, false
	}
	return envs[0].EnvironmentName == "", true
}
