package protocol

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// fastType is what the fast paths know of a resource type, derived from
// its schemas once: its value types, and for planning, where the
// framework would set a default and whether anything in the schema could
// change a plan that equals the state.
type fastType struct {
	name        string
	newResource func() resource.Resource
	schema      schema.Schema
	typ         tftypes.Object
	// identity is the identity's value type, nil without an identity schema.
	identity       *tftypes.Object
	identitySchema identityschema.Schema
	root           *fastObject
	version        int64 // the schema's version
	// fetches tells whether the resource tells the fast read its reads.
	fetches bool
	// planOK is false when the schema has something the fast plan does not
	// prove harmless (planWhy says what): a plan modifier it does not know,
	// a write-only attribute, a set nested attribute, a default that depends
	// on its path.
	planOK  bool
	planWhy string
}

// fastObject is an object of the schema: the root, a nested attribute's
// object or a block's.
type fastObject struct {
	attrs map[string]*fastAttr
}

type nesting int

const (
	notNested nesting = iota
	nestedSingle
	nestedList
	nestedMap
)

type fastAttr struct {
	// def is the Terraform value of the attribute's Default, nil without one.
	def     *tftypes.Value
	nesting nesting
	block   bool
	nested  *fastObject
}

// newFastType reads the schemas of the resources newResource makes.
func newFastType(ctx context.Context, name string, newResource func() resource.Resource) *fastType {
	r := newResource()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	_, fetches := r.(ReadFetcher)
	ft := &fastType{name: name, newResource: newResource, schema: sr.Schema, fetches: fetches,
		typ: sr.Schema.Type().TerraformType(ctx).(tftypes.Object), version: sr.Schema.Version, planOK: true}
	if ri, ok := r.(resource.ResourceWithIdentity); ok {
		var ir resource.IdentitySchemaResponse
		ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
		it := ir.IdentitySchema.Type().TerraformType(ctx).(tftypes.Object)
		ft.identity, ft.identitySchema = &it, ir.IdentitySchema
	}
	b := schemaReader{ctx: ctx, ft: ft}
	ft.root = b.object(path.Empty(), sr.Schema.Attributes, sr.Schema.Blocks)
	if sr.Diagnostics.HasError() {
		b.refuse("the schema has errors")
	}
	return ft
}

type schemaReader struct {
	ctx context.Context
	ft  *fastType
}

func (b schemaReader) refuse(why string) {
	if b.ft.planOK {
		b.ft.planOK, b.ft.planWhy = false, why
	}
}

func (b schemaReader) object(at path.Path, attrs map[string]schema.Attribute, blocks map[string]schema.Block) *fastObject {
	o := &fastObject{attrs: map[string]*fastAttr{}}
	for name, a := range attrs {
		o.attrs[name] = b.attribute(at.AtName(name), a)
	}
	for name, bl := range blocks {
		o.attrs[name] = b.block(at.AtName(name), bl)
	}
	return o
}

// knownModifiers are the plan modifiers that provably change nothing in a
// plan whose value equals the state's and is known: UseStateForUnknown only
// fills unknowns, RequiresReplace(If) returns when plan and state are equal.
var knownModifiers = map[reflect.Type]bool{
	reflect.TypeOf(stringplanmodifier.UseStateForUnknown()): true,
	reflect.TypeOf(stringplanmodifier.RequiresReplace()):    true,
}

func modifiers[T any](b schemaReader, at path.Path, mods []T) {
	for _, m := range mods {
		if !knownModifiers[reflect.TypeOf(m)] {
			b.refuse(fmt.Sprintf("%s has the plan modifier %T", at, m))
		}
	}
}

// attribute reads one attribute: its default, its plan modifiers and its
// nested object.
func (b schemaReader) attribute(at path.Path, a schema.Attribute) *fastAttr {
	fa := &fastAttr{}
	if wo, ok := a.(interface{ IsWriteOnly() bool }); ok && wo.IsWriteOnly() {
		b.refuse(at.String() + " is write-only")
	}
	switch a := a.(type) {
	case schema.StringAttribute:
		modifiers(b, at, a.PlanModifiers)
		fa.def = b.defaultOf(at, a.Default != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.StringResponse
			a.Default.DefaultString(b.ctx, defaults.StringRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		})
	case schema.BoolAttribute:
		modifiers(b, at, a.PlanModifiers)
		fa.def = b.defaultOf(at, a.Default != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.BoolResponse
			a.Default.DefaultBool(b.ctx, defaults.BoolRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		})
	case schema.Int64Attribute:
		modifiers(b, at, a.PlanModifiers)
		fa.def = b.defaultOf(at, a.Default != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.Int64Response
			a.Default.DefaultInt64(b.ctx, defaults.Int64Request{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		})
	case schema.SetAttribute:
		modifiers(b, at, a.PlanModifiers)
		fa.def = b.defaultOf(at, a.Default != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.SetResponse
			a.Default.DefaultSet(b.ctx, defaults.SetRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		})
	case schema.MapAttribute:
		modifiers(b, at, a.PlanModifiers)
		fa.def = b.defaultOf(at, a.Default != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.MapResponse
			a.Default.DefaultMap(b.ctx, defaults.MapRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		})
	case schema.ListAttribute:
		modifiers(b, at, a.PlanModifiers)
		fa.def = b.listDefault(at, a.Default)
	case schema.ListNestedAttribute:
		modifiers(b, at, a.PlanModifiers)
		modifiers(b, at, a.NestedObject.PlanModifiers)
		fa.def = b.listDefault(at, a.Default)
		fa.nesting, fa.nested = nestedList, b.object(at.AtListIndex(0), a.NestedObject.Attributes, nil)
	case schema.MapNestedAttribute:
		modifiers(b, at, a.PlanModifiers)
		modifiers(b, at, a.NestedObject.PlanModifiers)
		fa.def = b.defaultOf(at, a.Default != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
			var resp defaults.MapResponse
			a.Default.DefaultMap(b.ctx, defaults.MapRequest{Path: p}, &resp)
			return resp.PlanValue, resp.Diagnostics
		})
		fa.nesting, fa.nested = nestedMap, b.object(at.AtMapKey("*"), a.NestedObject.Attributes, nil)
	case schema.SingleNestedAttribute:
		modifiers(b, at, a.PlanModifiers)
		if a.Default != nil {
			b.refuse(at.String() + " has an object default")
		}
		fa.nesting, fa.nested = nestedSingle, b.object(at, a.Attributes, nil)
	default:
		b.refuse(fmt.Sprintf("%s is a %T", at, a))
	}
	return fa
}

func (b schemaReader) listDefault(at path.Path, d defaults.List) *tftypes.Value {
	return b.defaultOf(at, d != nil, func(p path.Path) (attr.Value, diag.Diagnostics) {
		var resp defaults.ListResponse
		d.DefaultList(b.ctx, defaults.ListRequest{Path: p}, &resp)
		return resp.PlanValue, resp.Diagnostics
	})
}

// defaultOf is the Terraform value of a default, which must not depend on
// the path it is asked for: the fast plan checks it once per attribute,
// where the framework asks it at every value path.
func (b schemaReader) defaultOf(at path.Path, has bool, value func(path.Path) (attr.Value, diag.Diagnostics)) *tftypes.Value {
	if !has {
		return nil
	}
	first, d1 := value(at)
	other, d2 := value(path.Root("elsewhere"))
	if d1.HasError() || d2.HasError() || first == nil || !first.Equal(other) {
		b.refuse(at.String() + " has a default that depends on its path or fails")
		return nil
	}
	v, err := first.ToTerraformValue(b.ctx)
	if err != nil {
		b.refuse(at.String() + ": " + err.Error())
		return nil
	}
	return &v
}

func (b schemaReader) block(at path.Path, bl schema.Block) *fastAttr {
	fa := &fastAttr{block: true}
	switch bl := bl.(type) {
	case schema.ListNestedBlock:
		modifiers(b, at, bl.PlanModifiers)
		modifiers(b, at, bl.NestedObject.PlanModifiers)
		fa.nesting, fa.nested = nestedList, b.object(at.AtListIndex(0), bl.NestedObject.Attributes, bl.NestedObject.Blocks)
	case schema.SingleNestedBlock:
		modifiers(b, at, bl.PlanModifiers)
		fa.nesting, fa.nested = nestedSingle, b.object(at, bl.Attributes, bl.Blocks)
	default:
		b.refuse(fmt.Sprintf("%s is a %T", at, bl))
	}
	return fa
}

// defaultsHold reports whether the framework's defaults change nothing in
// prior, the planned value: wherever an attribute with a Default is null in
// config, prior already holds the default. The framework walks the value
// bottom-up, so an attribute replaced by its default is the default
// whatever its children were.
func (o *fastObject) defaultsHold(prior, config tftypes.Value) bool {
	if prior.IsNull() {
		return true
	}
	var pv, cv map[string]tftypes.Value
	if prior.As(&pv) != nil {
		return false
	}
	if !config.IsNull() && config.As(&cv) != nil {
		return false
	}
	for name, a := range o.attrs {
		p, c := pv[name], cv[name]
		if c.Type() == nil {
			c = tftypes.NewValue(p.Type(), nil)
		}
		if a.def != nil && c.IsNull() {
			if !p.Equal(*a.def) {
				return false
			}
			continue
		}
		if !a.nestedDefaultsHold(p, c) {
			return false
		}
	}
	return true
}

func (a *fastAttr) nestedDefaultsHold(prior, config tftypes.Value) bool {
	switch a.nesting {
	case nestedSingle:
		return a.nested.defaultsHold(prior, config)
	case nestedMap:
		return a.mapDefaultsHold(prior, config)
	case nestedList:
		if prior.IsNull() {
			return true
		}
		var pe, ce []tftypes.Value
		if prior.As(&pe) != nil || (!config.IsNull() && config.As(&ce) != nil) {
			return false
		}
		for i, p := range pe {
			c := tftypes.NewValue(p.Type(), nil)
			if i < len(ce) {
				c = ce[i]
			}
			if !a.nested.defaultsHold(p, c) {
				return false
			}
		}
	}
	return true
}

// mapDefaultsHold pairs a nested map's elements by key, as the framework's
// walk of the planned value finds each element's configuration.
func (a *fastAttr) mapDefaultsHold(prior, config tftypes.Value) bool {
	if prior.IsNull() {
		return true
	}
	var pe, ce map[string]tftypes.Value
	if prior.As(&pe) != nil || (!config.IsNull() && config.As(&ce) != nil) {
		return false
	}
	for k, p := range pe {
		c, ok := ce[k]
		if !ok {
			c = tftypes.NewValue(p.Type(), nil)
		}
		if !a.nested.defaultsHold(p, c) {
			return false
		}
	}
	return true
}

// blocksPresent reports whether every list block in v is a list: the
// framework turns a null one into an empty list on its way out, so a
// request that sends null is not answered as it came.
func (o *fastObject) blocksPresent(v tftypes.Value) bool {
	if v.IsNull() {
		return true
	}
	var vals map[string]tftypes.Value
	if v.As(&vals) != nil {
		return false
	}
	for name, a := range o.attrs {
		if a.block && a.nesting == nestedList && vals[name].IsNull() {
			return false
		}
		if a.nested == nil || !a.block {
			continue
		}
		if a.nesting == nestedSingle && !a.nested.blocksPresent(vals[name]) {
			return false
		}
		if a.nesting == nestedList {
			var elems []tftypes.Value
			if vals[name].As(&elems) != nil {
				return false
			}
			for _, e := range elems {
				if !a.nested.blocksPresent(e) {
					return false
				}
			}
		}
	}
	return true
}
