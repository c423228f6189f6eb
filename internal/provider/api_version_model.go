package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// apiVersionModel is platform_api_version: a version's attributes, as
// platform_api's version object has them, and its own computed values.
type apiVersionModel struct {
	ID    types.String `tfsdk:"id"`
	APIID types.String `tfsdk:"api_id"`
	versionModel
	State              types.String `tfsdk:"state"`
	ProductionEndpoint types.String `tfsdk:"production_endpoint"`
	SandboxEndpoint    types.String `tfsdk:"sandbox_endpoint"`
	Created            types.String `tfsdk:"created"`
	Updated            types.String `tfsdk:"updated"`
}

// apiVersionFromWire maps a version onto the model; prior (the state or
// plan, or nil on import) keeps list order and empty values, as for
// platform_api.
func apiVersionFromWire(v *wire.APIVersion, prior *apiVersionModel) *apiVersionModel {
	if prior == nil {
		prior = &apiVersionModel{}
	}
	apiID := prior.APIID
	if v.APIID != "" {
		apiID = types.StringValue(v.APIID)
	}
	return &apiVersionModel{
		ID:                 types.StringValue(v.APIVersionID),
		APIID:              apiID,
		versionModel:       *versionFromWire(v, &prior.versionModel),
		State:              keepEmpty(v.State, types.String{}),
		ProductionEndpoint: keepEmpty(v.ProductionEndpoint, types.String{}),
		SandboxEndpoint:    keepEmpty(v.SandboxEndpoint, types.String{}),
		Created:            keepEmpty(v.Created, types.String{}),
		Updated:            keepEmpty(v.Updated, types.String{}),
	}
}

func (m *apiVersionModel) identity() *idIdentity { return &idIdentity{ID: m.ID} }
