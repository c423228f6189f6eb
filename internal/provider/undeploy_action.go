package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
)

var (
	_ action.ActionWithConfigure  = (*undeployAction)(nil)
	_ action.ActionWithModifyPlan = (*undeployAction)(nil)
)

// NewUndeployAction is the platform_undeploy action.
func NewUndeployAction() action.Action { return &undeployAction{} }

// undeployAction takes an API proxy's deployment out of environments.
type undeployAction struct {
	proxyAction
}

func (a *undeployAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_undeploy"
}

func (a *undeployAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Undeploys an API proxy from environments of its project: their gateways stop serving it, " +
			"and the proxy and its saved routing stay. Undeploying from an environment where the proxy is not deployed " +
			"changes nothing. Needs the provider's `token`, with the API_MANAGEMENT + MANAGE permission in the project.",
		Attributes: proxyEnvironmentAttributes("undeploy"),
	}
}

func (a *undeployAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m proxyEnvironments
	c, ok := invokeConfig(ctx, req.Config, a.data, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	project, proxy := m.ProjectName.ValueString(), m.APIProxyName.ValueString()
	envs := environments(m.Environments)
	if !knownEnvironments(ctx, c, project, envs, &resp.Diagnostics) {
		return
	}
	for _, env := range envs {
		if ctx.Err() != nil {
			resp.Diagnostics.AddError("Undeployment interrupted",
				fmt.Sprintf("Terraform was interrupted before API proxy %s was undeployed from %q.", m.id(), env))
			return
		}
		progress(ctx, resp, "Undeploying API proxy %s from %s", m.id(), env)
		if err := c.Undeploy(ctx, project, proxy, env); err != nil {
			addClientError(&resp.Diagnostics, fmt.Sprintf("undeploying API proxy %s from environment %q", m.id(), env), err)
			return
		}
		progress(ctx, resp, "Undeployed API proxy %s from %s", m.id(), env)
	}
}
