package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// The checks of a plan that creates or changes a routing ("What a plan
// promises" in the docs): what the platform would refuse is refused here,
// with no write, and what a write would set that the plan cannot show is
// said. They run only when the plan differs from the state, so a no-op plan
// sends the requests it always sent, and never in terraform validate. Their
// reads are lists shared by every resource of the plan (plan_reads.go),
// except one read of the proxy on the paths that need its own answer.

// checkPlan runs the checks of a plan that creates or changes the routing
// of plan; state is nil on create.
func (r *proxyRoutingResource) checkPlan(ctx context.Context, req resource.ModifyPlanRequest, plan proxyRoutingModel,
	state *proxyRoutingModel, diags *diag.Diagnostics) {
	c, ok, _ := r.data.apiops()
	if !ok || plan.ProjectName.IsUnknown() || plan.APIProxyName.IsUnknown() {
		return
	}
	creating := state == nil || !state.ID.Equal(plan.ID)
	if creating {
		project, proxy := plan.names()
		// A proxy this plan creates or changes (platform_api_proxy) exists
		// by the time the routing is applied; only its environments are
		// checked.
		if _, planned := r.data.planned.lookup(project, proxy); !planned && !r.checkProxy(ctx, c, plan, diags) {
			return
		}
	} else {
		warnEmptied(plan, len(state.RoutingAddresses.Elements()), diags)
	}
	r.checkEnvironments(ctx, c, plan, diags)
	if !creating {
		r.warnUnknownSettings(ctx, c, req, plan, *state, diags)
	}
}

// checkProxy refuses the routing of a project or proxy that does not exist
// and of an AI proxy, and says what a create does to the addresses the
// proxy has: it replaces the whole list. It reads the proxy itself, whose
// answer tells all three; the project's proxy list is read only to name
// them when the proxy is missing. ok is false when the routing was refused.
func (r *proxyRoutingResource) checkProxy(ctx context.Context, c *client.Client, plan proxyRoutingModel, diags *diag.Diagnostics) (ok bool) {
	project, proxy := plan.names()
	id := plan.ID.ValueString()
	px, err := c.GetAPIProxy(ctx, project, proxy)
	switch {
	case errors.Is(err, client.ErrNotFound):
		proxies, err := r.data.projectProxies(ctx, c, project)
		if errors.Is(err, client.ErrNotFound) {
			r.addNoProject(ctx, c, project, proxy, diags)
			return false
		}
		refuse(diags, path.Root("api_proxy_name"), r.data.wasGone(goneKey(routingType, project, proxy)), "No such API proxy",
			fmt.Sprintf("api_proxy_name = %q: project %s has no API proxy of that name, so its routing cannot be set (names "+
				"are case-sensitive). %s Create the proxy first (platform_api_proxy, with api_proxy_name referring to it), "+
				"or correct the name.", proxy, project, proxyNames(proxies)))
		return false
	case err != nil:
		addClientError(diags, "reading API proxy "+id, err)
		return false
	case px.APIType == aiProxyType:
		addAIProxyError(diags, id)
		return false
	}
	warnEmptied(plan, len(px.Routing.RoutingAddressList), diags)
	warnReplaced(ctx, plan, px, diags)
	return true
}

// warnReplaced says what a create that sends addresses does to those the
// proxy has: each one the configuration leaves out is removed, and each one
// it keeps is sent with the settings it gives, which the state cannot show
// as a change (the platform that keeps roles does not report them).
func warnReplaced(ctx context.Context, plan proxyRoutingModel, px *wire.APIProxy, diags *diag.Diagnostics) {
	if plan.RoutingAddresses.IsUnknown() || len(plan.RoutingAddresses.Elements()) == 0 {
		return
	}
	planned, _ := routingAddresses(ctx, plan.RoutingAddresses)
	byAddress := make(map[string]int, len(planned))
	for i, a := range planned {
		byAddress[a.Address.ValueString()] = i
	}
	var lines []string
	for _, a := range px.Routing.RoutingAddressList {
		i, kept := byAddress[a.Address]
		switch {
		case !kept:
			lines = append(lines, fmt.Sprintf("- %q is not in this configuration: this apply removes it.", a.Address))
		case px.DeploymentList != nil: // the release that keeps roles (wire/PROTOCOL.md §2.7)
			if line := unknownSettings(i, reportedAddress(a), planned[i], px.APIType == "SOAP"); line != "" {
				lines = append(lines, line)
			}
		}
	}
	if len(lines) == 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("routing_address"), "Addresses this create replaces",
		fmt.Sprintf("API proxy %s already has routing addresses, and creating this routing replaces its whole address "+
			"list with this configuration's:\n\n%s\n\nTo start from what the platform has, import the routing instead "+
			"(an import block with id = %q), then change it.", plan.ID.ValueString(), strings.Join(lines, "\n"),
			plan.ID.ValueString()))
}

// addNoProject refuses a project that does not exist, naming those the
// token can see (one more read, on this error path only).
func (r *proxyRoutingResource) addNoProject(ctx context.Context, c *client.Client, project, proxy string, diags *diag.Diagnostics) {
	seen := ""
	if projects, err := c.ListProjects(ctx); err == nil {
		names := make([]string, 0, len(projects))
		for _, p := range projects {
			names = append(names, p.Name)
		}
		seen = " The projects the provider's token can see are: " + quotedList(names) + "."
	}
	refuse(diags, path.Root("project_name"), r.data.wasGone(goneKey(routingType, project, proxy)), "No such project",
		fmt.Sprintf("project_name = %q: the platform has no project of that name, or the user of the provider's token "+
			"(PLATFORM_TOKEN) is no member of it.%s Correct the name, or ask for access to the project.", project, seen))
}

// proxyNames says which proxies a project has, a few of them when it has
// many.
func proxyNames(proxies []wire.ProxyListItem) string {
	if proxies == nil {
		return ""
	}
	names := make([]string, 0, len(proxies))
	for _, p := range proxies {
		if p.Type != aiProxyType {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return "It has no REST or SOAP proxy."
	}
	const shown = 10
	more := ""
	if len(names) > shown {
		more = fmt.Sprintf(" and %d more (the data source platform_api_proxies lists them)", len(names)-shown)
		names = names[:shown]
	}
	return fmt.Sprintf("Its REST and SOAP proxies are: %s%s.", quotedList(names), more)
}

// quotedList is names sorted and quoted, comma-separated; "none" when
// empty.
func quotedList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	sorted := slices.Clone(names)
	sort.Strings(sorted)
	quoted := make([]string, len(sorted))
	for i, n := range sorted {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(quoted, ", ")
}

// warnEmptied warns when the plan leaves no address where the platform
// has had some (had, when known): routing through the proxy then fails. A
// list that is empty already is no news, and says nothing.
func warnEmptied(plan proxyRoutingModel, had int, diags *diag.Diagnostics) {
	if plan.RoutingAddresses.IsUnknown() || len(plan.RoutingAddresses.Elements()) > 0 || had == 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("routing_address"), "No routing addresses",
		fmt.Sprintf("This configuration gives API proxy %s no routing_address block, so this apply empties its address "+
			"list (%d address(es) now) and routing through the proxy will fail once it is deployed.",
			plan.ID.ValueString(), had))
}

// checkEnvironments refuses a deploy_environments name the project does not
// have, listing those it has (wire/PROTOCOL.md §2.8), and
// wait_for_live_routes on a manager without route-health: the same list
// tells, since only the release that has route-health names environments
// "name" (§2.7, §2.8). A manager that answers the list "not found" has
// none to check against (or the project is missing, which checkProxy
// reports): the apply then meets the platform's own answer, as before.
func (r *proxyRoutingResource) checkEnvironments(ctx context.Context, c *client.Client, plan proxyRoutingModel, diags *diag.Diagnostics) {
	names := environments(plan.DeployEnvironments)
	if len(names) == 0 {
		return
	}
	project, _ := plan.names()
	envs, err := r.data.projectEnvironments(ctx, c, project)
	switch {
	case errors.Is(err, client.ErrNotFound):
		return
	case err != nil:
		addClientError(diags, "listing the environments of project "+project, err)
		return
	}
	has := make([]string, 0, len(envs))
	for _, e := range envs {
		has = append(has, e.Name)
	}
	for _, name := range names {
		if slices.Contains(has, name) {
			continue
		}
		diags.AddAttributeError(path.Root("deploy_environments"), "No such environment",
			fmt.Sprintf("deploy_environments names %q, but project %s has no environment of that name (names are "+
				"case-sensitive). Its environments are: %s. Nothing has been saved or deployed.",
				name, project, quotedList(has)))
	}
	if current, known := currentRelease(envs); plan.WaitForLiveRoutes.ValueBool() && known && !current {
		diags.AddAttributeError(path.Root("wait_for_live_routes"), "The platform cannot tell whether routes are live",
			fmt.Sprintf("wait_for_live_routes = true waits on the platform's route-health, which this manager does not "+
				"have (the routing vendor added it in its April 2026 release; this manager's answers are an older "+
				"release's). Remove wait_for_live_routes for API proxy %s on this platform.", plan.ID.ValueString()))
	}
}

// sentAddressesKey is the private state key of the addresses this
// configuration last sent, as a JSON array: their role, description and
// health check path are what the state holds, since it sent them. For an
// address the state holds but this configuration never sent (imported, or
// added outside Terraform), the platform's values are not known: it does
// not report them (wire/PROTOCOL.md §2.7). A state with no such key was
// imported, or written by a build before this record.
const sentAddressesKey = "sent_addresses"

// recordSent records in private that this configuration sent addrs.
func recordSent(ctx context.Context, private interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, addrs []routingAddressModel, diags *diag.Diagnostics) {
	if private == nil {
		return
	}
	sent := make([]string, 0, len(addrs))
	for _, a := range addrs {
		sent = append(sent, a.Address.ValueString())
	}
	b, err := json.Marshal(sent)
	if err != nil {
		return
	}
	diags.Append(private.SetKey(ctx, sentAddressesKey, b)...)
}

// sentAddresses are the addresses this configuration last sent, from the
// request's private state. Only a plan that differs from the state reads
// it: the fast plan of internal/protocol, which hands ModifyPlan no private
// state, plans only what equals the state, and never gets here.
func sentAddresses(ctx context.Context, req resource.ModifyPlanRequest) map[string]bool {
	out := map[string]bool{}
	if req.Private == nil {
		return out
	}
	b, d := req.Private.GetKey(ctx, sentAddressesKey)
	var sent []string
	if d.HasError() || len(b) == 0 || json.Unmarshal(b, &sent) != nil {
		return out
	}
	for _, a := range sent {
		out[a] = true
	}
	return out
}

// warnUnknownSettings says, for an update that sends the address list,
// which addresses it sends with a role, description or health check path
// the state does not know the platform's value of: the write sets them
// (unset: PRIMARY, no description, no health check), and the plan cannot
// show it as a change. Older managers keep no roles, so nothing changes
// there and nothing is said.
func (r *proxyRoutingResource) warnUnknownSettings(ctx context.Context, c *client.Client, req resource.ModifyPlanRequest,
	plan, state proxyRoutingModel, diags *diag.Diagnostics) {
	if plan.RoutingAddresses.Equal(state.RoutingAddresses) {
		return
	}
	planned, _ := routingAddresses(ctx, plan.RoutingAddresses)
	prior, _ := routingAddresses(ctx, state.RoutingAddresses)
	priorByAddress := make(map[string]routingAddressModel, len(prior))
	for _, p := range prior {
		priorByAddress[p.Address.ValueString()] = p
	}
	sent := sentAddresses(ctx, req)
	var lines []string
	for i, a := range planned {
		p, held := priorByAddress[a.Address.ValueString()]
		if a.Address.IsUnknown() || !held || sent[a.Address.ValueString()] {
			continue
		}
		if line := unknownSettings(i, p, a, plan.APIType.ValueString() == "SOAP"); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 || !r.mayKeepRoles(ctx, c, plan) {
		return
	}
	diags.AddAttributeWarning(path.Root("routing_address"), "Address settings this plan cannot show",
		fmt.Sprintf("This apply sends the whole address list of API proxy %s. The state does not know what the platform "+
			"holds as these addresses' settings: they were imported or added outside this configuration, and the "+
			"platform does not report address roles, descriptions, health check paths or SOAP versions.\n\n%s\n\n"+
			"If an address has another role on the platform (a CANARY sent as PRIMARY takes a full share of traffic, "+
			"a MIRROR serves users), set its address_type, and its description, health_check_path and soap_type where it has "+
			"them, before applying. Once this configuration has sent them, the state knows them and this warning is gone.",
			plan.ID.ValueString(), strings.Join(lines, "\n")))
}

// unknownSettings is the line of the warning for address i, or "" when
// the state knows, or the configuration sets, all of them. The SOAP
// version of a SOAP proxy's address is never known when this configuration
// did not send it: the platform that keeps roles does not report it, and
// the state holds the default in its place (soapTypeOf).
func unknownSettings(i int, prior, planned routingAddressModel, soap bool) string {
	var unknown, reported, sends, with []string
	if prior.AddressType.IsNull() && planned.AddressType.IsNull() {
		unknown, reported, sends = append(unknown, "role"), append(reported, "roles"), append(sends, "as PRIMARY")
	}
	if soap {
		unknown, reported = append(unknown, "SOAP version"), append(reported, "SOAP versions")
		with = append(with, "soap_type "+planned.SoapType.ValueString())
	}
	if prior.Description.IsNull() && planned.Description.IsNull() {
		unknown, reported, with = append(unknown, "description"), append(reported, "descriptions"), append(with, "no description")
	}
	if prior.HealthCheckPath.IsNull() && planned.HealthCheckPath.IsNull() {
		unknown, reported = append(unknown, "health check path"), append(reported, "health check paths")
		with = append(with, "no health check path")
	}
	if len(unknown) == 0 {
		return ""
	}
	if len(with) > 0 {
		sends = append(sends, "with "+andList(with))
	}
	verb := "is"
	if len(unknown) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("- routing_address[%d] %q: its %s on the platform %s not known (the platform does not report %s); "+
		"this apply sends it %s.", i, planned.Address.ValueString(), andList(unknown), verb, orList(reported),
		strings.Join(sends, ", "))
}

// andList joins "a", "b" and "c" as "a, b and c".
func andList(items []string) string { return joinLast(items, " and ") }

// orList joins "a", "b" and "c" as "a, b or c".
func orList(items []string) string { return joinLast(items, " or ") }

func joinLast(items []string, last string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// mayKeepRoles says whether the platform may hold roles: false only for a
// manager known to be older than the release that has them, which the
// project's environment list tells (see currentRelease).
func (r *proxyRoutingResource) mayKeepRoles(ctx context.Context, c *client.Client, plan proxyRoutingModel) bool {
	project, _ := plan.names()
	envs, err := r.data.projectEnvironments(ctx, c, project)
	if err != nil {
		return true
	}
	current, known := currentRelease(envs)
	return current || !known
}
