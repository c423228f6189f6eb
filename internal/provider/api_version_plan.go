package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ModifyPlan plans the production and sandbox endpoints from the
// configured endpoints, as platform_api does for its version, and refuses
// an api_id that names no API. It runs only for plans that create or
// change the version.
func (r *apiVersionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !planWanted(req, resp, r.data.catalog) {
		return
	}
	planEndpointURIs(ctx, req, resp, path.Root("endpoints"))
	r.checkAPIID(ctx, req, &resp.Diagnostics)
}
