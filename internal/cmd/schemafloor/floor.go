package main

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// floorProvider has the real provider's name, schema and resources' schemas,
// and nothing else.
type floorProvider struct{ real provider.Provider }

func newFloor(real provider.Provider) provider.Provider { return &floorProvider{real: real} }

func (p *floorProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p *floorProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *floorProvider) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		out = append(out, func() resource.Resource { return &floorResource{real: newReal()} })
	}
	return out
}

// floorResource is a resource of the real provider's type and schemas whose
// create and update store the plan, computed values filled with zero
// values, and whose read and delete do nothing.
type floorResource struct{ real resource.Resource }

var _ resource.ResourceWithIdentity = (*floorResource)(nil)

func (r *floorResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *floorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *floorResource) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	if ri, ok := r.real.(resource.ResourceWithIdentity); ok {
		ri.IdentitySchema(ctx, req, resp)
	}
}

func (r *floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = known(req.Plan.Raw)
	setIdentity(resp.State, resp.Identity)
}

func (r *floorResource) Read(_ context.Context, _ resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(resp.State, resp.Identity)
}

func (r *floorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = known(req.Plan.Raw)
	setIdentity(resp.State, resp.Identity)
}

func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// known is v with every unknown value replaced by its type's zero value.
func known(v tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		return zero(v.Type()), nil
	})
	return out
}

func zero(t tftypes.Type) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "floor")
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, big.NewFloat(0))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	}
	return tftypes.NewValue(t, nil)
}

// setIdentity takes the identity's attributes from the state's attributes
// of the same names, as every resource of this provider does.
func setIdentity(state tfsdk.State, identity *tfsdk.ResourceIdentity) {
	if identity == nil {
		return
	}
	it, ok := identity.Raw.Type().(tftypes.Object)
	if !ok {
		return
	}
	var attrs map[string]tftypes.Value
	if state.Raw.As(&attrs) != nil {
		return
	}
	vals := map[string]tftypes.Value{}
	for name := range it.AttributeTypes {
		vals[name] = attrs[name]
	}
	identity.Raw = tftypes.NewValue(it, vals)
}
