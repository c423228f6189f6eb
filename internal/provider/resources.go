package provider

import (
	"context"
	"fmt"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// What every resource and data source shares: how it gets the provider's
// data, and how a resource records its state and identity.

// configured is the provider data a resource or data source is given in
// Configure: nil before the provider is configured (validation runs
// before), and an error when it is of a type the provider never hands out.
func configured(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	d, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
	}
	return d
}

// store records m as the resource's state and identity as its identity.
func store(ctx context.Context, m, identity any, state *tfsdk.State, dst *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	diags.Append(state.Set(ctx, m)...)
	setIdentity(ctx, dst, identity, diags)
}

// setIdentity records identity where the CLI supports identities; older
// CLIs send none and ignore what comes back.
func setIdentity(ctx context.Context, dst *tfsdk.ResourceIdentity, identity any, diags *diag.Diagnostics) {
	if dst != nil {
		diags.Append(dst.Set(ctx, identity)...)
	}
}

// removed drops a resource the platform no longer has, so that the next plan
// creates it again. The identity stays: the framework (1.19) refuses a Read
// that returns none, even for a removed resource.
func removed(ctx context.Context, resp *resource.ReadResponse, identity any) {
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.State.RemoveResource(ctx)
}

// planWanted reports whether a ModifyPlan has anything to do: not on a
// destroy, not when the credentials the resource needs are missing (the
// diagnostics say so), and not when the plan is the state, computed values
// included.
func planWanted(req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, credentials func() (*client.Client, bool, diag.Diagnostics)) bool {
	if req.Plan.Raw.IsNull() {
		return false
	}
	if _, _, d := credentials(); d.HasError() {
		resp.Diagnostics.Append(d...)
		return false
	}
	return !req.Plan.Raw.Equal(req.State.Raw)
}
