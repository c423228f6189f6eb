package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// What the actions (Terraform 1.14's terraform apply -invoke and action
// triggers) share: they act on one API proxy in environments of its
// project, which are checked against the project's environments
// (wire/PROTOCOL.md §2.8) when the action is planned and again before any
// write, and they tell Terraform of each step as it happens.

// proxyEnvironments is the configuration both actions share.
type proxyEnvironments struct {
	ProjectName  types.String `tfsdk:"project_name"`
	APIProxyName types.String `tfsdk:"api_proxy_name"`
	Environments types.Set    `tfsdk:"environments"`
}

func (p proxyEnvironments) id() string {
	return routingID(p.ProjectName.ValueString(), p.APIProxyName.ValueString())
}

// proxyEnvironmentAttributes are the schema of proxyEnvironments; verb says
// what the action does in the environments.
func proxyEnvironmentAttributes(verb string) map[string]actionschema.Attribute {
	return map[string]actionschema.Attribute{
		"project_name": actionschema.StringAttribute{
			Required: true, MarkdownDescription: "Name of the project that holds the API proxy.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"api_proxy_name": actionschema.StringAttribute{
			Required: true, MarkdownDescription: "Name of the API proxy.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"environments": actionschema.SetAttribute{
			Required: true, ElementType: types.StringType,
			MarkdownDescription: "The environments of the project to " + verb + " the proxy in, e.g. `[\"production\"]`, " +
				"one after the other in alphabetical order. Names are case-sensitive; a name the project does not have is an " +
				"error that lists the project's environments, before anything is written.",
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
		},
	}
}

// proxyAction is what each action holds: the provider's data.
type proxyAction struct {
	data *providerData
}

func (a *proxyAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configured(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, when the action is planned, environments the
// project does not have: one read, and only when the configuration is
// known and the provider has its token.
func (a *proxyAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var p proxyEnvironments
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("project_name"), &p.ProjectName)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("environments"), &p.Environments)...)
	if resp.Diagnostics.HasError() || p.ProjectName.IsUnknown() || p.Environments.IsUnknown() || p.Environments.IsNull() ||
		slices.ContainsFunc(p.Environments.Elements(), attr.Value.IsUnknown) {
		return
	}
	c, ok, d := a.data.apiops()
	if resp.Diagnostics.Append(d...); !ok {
		return
	}
	knownEnvironments(ctx, c, p.ProjectName.ValueString(), environments(p.Environments), &resp.Diagnostics)
}

// knownEnvironments reports whether the project has every environment of
// names, with one read; each it does not have is an error naming it and
// listing the project's.
func knownEnvironments(ctx context.Context, c *client.Client, project string, names []string, diags *diag.Diagnostics) bool {
	envs, err := c.ListEnvironments(ctx, project)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("project_name"), "Project not found",
			fmt.Sprintf("The platform has no project %q, or the user of the provider's token is no member of it.", project))
		return false
	case err != nil:
		addClientError(diags, fmt.Sprintf("listing the environments of project %q", project), err)
		return false
	}
	have := make([]string, 0, len(envs))
	for _, e := range envs {
		have = append(have, e.Name)
	}
	slices.Sort(have)
	ok := true
	for _, name := range names {
		if slices.Contains(have, name) {
			continue
		}
		ok = false
		diags.AddAttributeError(path.Root("environments"), "Environment not found",
			fmt.Sprintf("Project %q has no environment %q. %s Names are case-sensitive; nothing was deployed or undeployed.",
				project, name, environmentsOf(project, have)))
	}
	return ok
}

func environmentsOf(project string, have []string) string {
	if len(have) == 0 {
		return fmt.Sprintf("Project %q has no environments at all: its proxies cannot be deployed anywhere.", project)
	}
	return fmt.Sprintf("Its environments are: %s.", strings.Join(quotedNames(have), ", "))
}

func quotedNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// progress tells Terraform of a step of the action, unless Terraform has
// stopped listening: the framework's SendProgress blocks until Terraform
// takes the message, and after Ctrl-C nobody does.
func progress(ctx context.Context, resp *action.InvokeResponse, format string, args ...any) {
	if ctx.Err() != nil || resp.SendProgress == nil {
		return
	}
	sent := make(chan struct{})
	go func() {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
		close(sent)
	}()
	select {
	case <-sent:
	case <-ctx.Done():
	}
}

// invokeConfig reads an action's configuration and the client for it.
func invokeConfig(ctx context.Context, config tfsdk.Config, data *providerData, m any, diags *diag.Diagnostics) (*client.Client, bool) {
	diags.Append(config.Get(ctx, m)...)
	c, ok, d := data.apiops()
	diags.Append(d...)
	return c, ok && !diags.HasError()
}
