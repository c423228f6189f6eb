package provider

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/openapi"
)

// ValidateConfig checks that exactly one of specification and
// specification_url is set, and reads the document as the platform will
// (no request is made).
func (r *apiProxyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var spec, url types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("specification"), &spec)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("specification_url"), &url)...)
	switch {
	case resp.Diagnostics.HasError():
		return
	case spec.IsNull() && url.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("specification"), "No specification",
			"An API proxy is made from an OpenAPI document: set specification to its text (e.g. "+
				"specification = file(\"${path.module}/openapi.yaml\")) or specification_url to a URL the platform reads it "+
				"from. The platform does not report the document a proxy was made from, so an import or "+
				"-generate-config-out cannot fill it in.")
	case !spec.IsNull() && !url.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("specification_url"), "Two specifications",
			"Set either specification (the document's text) or specification_url (a URL the platform reads it from), "+
				"not both.")
	default:
		checkSpecification(spec, &resp.Diagnostics)
	}
}

// checkSpecification reads a known document and reports why the platform
// would refuse it; ok is false then, or when it is not known yet.
func checkSpecification(spec types.String, diags *diag.Diagnostics) (doc proxyDocument, ok bool) {
	if spec.IsNull() || spec.IsUnknown() {
		return doc, false
	}
	doc, err := readSpec(spec.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("specification"), "Invalid OpenAPI document",
			"specification is not a document the platform makes an API proxy from: "+err.Error()+". It must be an "+
				"OpenAPI 3.0 or 3.1 or a Swagger 2.0 document, JSON or YAML, read as provider::platform::openapi_operations "+
				"reads it.")
		return doc, false
	}
	return doc, true
}

// proxyDocument is what a plan needs of a document: its version and its
// operations as the platform will report them.
type proxyDocument struct {
	spec       openapi.Spec // Operations left out: see operations
	operations types.Set
}

// specCache keeps what readSpec made of each document this process read,
// by digest: every plan of a resource reads its document, and a module
// often gives many resources one document.
var specCache sync.Map

type cachedSpec struct {
	doc proxyDocument
	err error
}

// readSpec is openapi.ReadSpec with a cache, and a last resort: should the
// library panic on a document, the plan fails with an error instead of
// taking the provider down.
func readSpec(text string) (doc proxyDocument, err error) {
	key := sha256.Sum256([]byte(text))
	if c, ok := specCache.Load(key); ok {
		return c.(cachedSpec).doc, c.(cachedSpec).err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading it failed unexpectedly (%v); please report this with the document", r)
		}
		specCache.Store(key, cachedSpec{doc: doc, err: err})
	}()
	spec, err := openapi.ReadSpec([]byte(text))
	if err != nil {
		return doc, err
	}
	doc.operations = documentOperations(spec.Operations)
	spec.Operations = nil
	doc.spec = spec
	return doc, nil
}

// ModifyPlan plans what the platform will report, and decides whether the
// apply re-parses the proxy: the planned operations are the document's (a
// URL's are known only after apply), so that a plan shows the operations a
// new document adds or removes, and those changed outside Terraform. Only a
// plan that creates or changes the proxy makes requests: the environments
// are checked (one list), and a create looks for a proxy of that name (one
// read).
func (r *apiProxyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if _, _, d := r.data.apiops(); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	var plan, state apiProxyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || plan.ProjectName.IsUnknown() || plan.Name.IsUnknown() {
		return
	}
	// A new name or project replaces the proxy. Terraform then plans the
	// replacement again as a create (no prior state), which runs the
	// checks; this plan says what that one says, and no re-parse warnings.
	fresh := creating || !plan.ProjectName.Equal(state.ProjectName) || !plan.Name.Equal(state.Name)
	doc, docOK := checkSpecification(plan.Specification, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(routingID(plan.names()))
	plan.APIType = types.StringValue(specProxyType)
	var description types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("description"), &description)...)
	if fresh && description.IsNull() {
		plan.Description = types.StringValue("") // what the platform sets when none is sent
	}
	if !fresh && plan.Description.ValueString() == "" && !plan.Description.IsUnknown() && state.Description.ValueString() != "" {
		resp.Diagnostics.AddAttributeError(path.Root("description"), "Description cannot be removed",
			fmt.Sprintf("description = \"\", but API proxy %s has the description %q, and the platform cannot remove one. "+
				"Leave description out to keep it, or give another.", routingID(plan.names()), state.Description.ValueString()))
		return
	}
	reparse := fresh || reparses(&plan, &state, doc.operations)
	switch {
	case !plan.fromURL() && docOK:
		plan.Operations = doc.operations
	case reparse:
		plan.Operations = types.SetUnknown(types.StringType)
	default:
		plan.Operations = state.Operations
	}
	if resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	if !creating && resp.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	project, name := plan.names()
	r.data.planned.plan(project, name, plannedProxy{LoadBalanceAlgorithm: plan.LoadBalanceAlgorithm})
	if !fresh {
		explainReparse(&plan, &state, reparse, &resp.Diagnostics)
	}
	r.checkTarget(ctx, &plan, fresh, &resp.Diagnostics)
}

// specProxyType is the API type of every proxy made from a specification.
const specProxyType = "REST"

// reparses reports whether going from state to plan sends the document
// again: when the routes, algorithm or description change, when the URL
// changes (or the state does not know the URL the operations came from:
// after an import, or once they changed outside Terraform, see Read), and
// for a document when its operations are not those the platform reports,
// or its text changed from one the state knows. After an import, whose
// state knows no document, a document whose operations the platform
// already has is recorded without a write.
func reparses(plan, state *apiProxyResourceModel, docOps types.Set) bool {
	if !plan.RelativePaths.Equal(state.RelativePaths) || !plan.LoadBalanceAlgorithm.Equal(state.LoadBalanceAlgorithm) ||
		!plan.Description.Equal(state.Description) {
		return true
	}
	if plan.fromURL() {
		return !plan.SpecificationURL.Equal(state.SpecificationURL)
	}
	return !state.SpecificationURL.IsNull() || docOps.IsNull() || docOps.IsUnknown() || !docOps.Equal(state.Operations) ||
		(!state.Specification.IsNull() && !plan.Specification.Equal(state.Specification))
}

// explainReparse says, where the plan alone would not, what an update
// sends: nothing at all for a document recorded after an import, or a
// re-parse because the platform's operations are not the document's.
func explainReparse(plan, state *apiProxyResourceModel, reparse bool, diags *diag.Diagnostics) {
	id := plan.ID.ValueString()
	switch {
	case plan.fromURL() && state.SpecificationURL.IsNull() && state.Specification.IsNull() && reparse:
		diags.AddAttributeWarning(path.Root("specification_url"), "API proxy re-parsed from its URL",
			fmt.Sprintf("The state does not know which document the operations of API proxy %s were parsed from: it was "+
				"imported, or its operations changed outside Terraform since the last apply. The provider does not read "+
				"specification_url itself (the platform does), so this apply re-parses the proxy from %s%s.",
				id, plan.SpecificationURL.ValueString(), deployingTo(plan)))
	case plan.fromURL() || plan.Specification.IsUnknown() || plan.Operations.IsUnknown():
	case !reparse && state.Specification.IsNull():
		diags.AddAttributeWarning(path.Root("specification"), "Document recorded, not sent",
			fmt.Sprintf("The platform does not report the document API proxy %s was made from, so the state has none yet. "+
				"The operations the platform reports are this document's, so this apply records it in the state without "+
				"re-parsing the proxy; a later change of the document re-parses it.", id))
	case reparse && !plan.Operations.Equal(state.Operations) &&
		(state.Specification.IsNull() || plan.Specification.Equal(state.Specification)):
		diags.AddAttributeWarning(path.Root("operations"), "API proxy operations differ from its document",
			fmt.Sprintf("The operations the platform reports for API proxy %s are not those of its document (they were "+
				"changed outside Terraform, or the proxy was imported): %s. This apply re-parses the proxy from the "+
				"document%s.", id, proxyOperationsDiff(plan.Operations, state.Operations), deployingTo(plan)))
	}
}

// deployingTo is ", and deploys it to x and y" when the plan deploys.
func deployingTo(plan *apiProxyResourceModel) string {
	envs := environments(plan.DeployEnvironments)
	if len(envs) == 0 {
		return ""
	}
	slices.Sort(envs)
	return ", and deploys it to " + strings.Join(envs, ", ")
}

// proxyOperationsDiff says which operations want has that got lacks, and the
// other way round.
func proxyOperationsDiff(want, got types.Set) string {
	w, g := setStrings(want), setStrings(got)
	var missing, extra []string
	for k := range w {
		if !g[k] {
			missing = append(missing, k)
		}
	}
	for k := range g {
		if !w[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "the document has "+strings.Join(missing, ", ")+", which the proxy lacks")
	}
	if len(extra) > 0 {
		parts = append(parts, "the proxy has "+strings.Join(extra, ", ")+", which the document lacks")
	}
	return strings.Join(parts, "; ")
}

// checkTarget asks the platform what it would refuse: environments the
// project does not have, and, for a create, a name another proxy has.
func (r *apiProxyResource) checkTarget(ctx context.Context, plan *apiProxyResourceModel, creating bool, diags *diag.Diagnostics) {
	c, ok, d := r.data.apiops()
	if diags.Append(d...); !ok || plan.ProjectName.IsUnknown() {
		return
	}
	project, name := plan.names()
	if envs := environments(plan.DeployEnvironments); len(envs) > 0 && !plan.DeployEnvironments.IsUnknown() {
		checkEnvironments(ctx, r.data, c, project, envs, diags)
	}
	if !creating || diags.HasError() {
		return
	}
	_, err := c.GetAPIProxy(ctx, project, name)
	switch {
	case err == nil:
		addProxyExistsError(diags, project, name)
	case !errors.Is(err, client.ErrNotFound):
		addClientError(diags, "looking for API proxy "+routingID(project, name), err)
	}
}

// checkEnvironments refuses environment names the project does not have
// (wire/PROTOCOL.md §2.8), listing those it has.
func checkEnvironments(ctx context.Context, d *providerData, c *client.Client, project string, names []string, diags *diag.Diagnostics) {
	list, err := d.projectEnvironments(ctx, c, project)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("project_name"), "Project not found",
			fmt.Sprintf("The platform has no project %q (or the token's user is no member of it).", project))
		return
	case err != nil:
		addClientError(diags, fmt.Sprintf("listing the environments of project %q", project), err)
		return
	}
	have := make([]string, 0, len(list))
	for _, env := range list {
		have = append(have, env.Name)
	}
	slices.Sort(have)
	slices.Sort(names)
	for _, name := range names {
		if slices.Contains(have, name) {
			continue
		}
		diags.AddAttributeError(path.Root("deploy_environments"), "Unknown environment",
			fmt.Sprintf("deploy_environments names %q, which project %q does not have. Its environments are: %s.",
				name, project, quotedList(have)))
	}
}

// addProxyExistsError refuses to create a proxy whose name is taken, and
// says how to import it.
func addProxyExistsError(diags *diag.Diagnostics, project, name string) {
	id := routingID(project, name)
	diags.AddAttributeError(path.Root("name"), "API proxy already exists",
		fmt.Sprintf("Project %q already has an API proxy named %q, so it cannot be created again. To manage it with "+
			"Terraform, import it:\n\n  terraform import platform_api_proxy.<name> %s\n\nor add an import block:\n\n"+
			"  import {\n    to = platform_api_proxy.<name>\n    id = %q\n  }", project, name, id, id))
}
