package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework asks a nested attribute for its type on every value path of
// every request, and without a CustomType builds the type afresh each time,
// recursively: in a no-op plan of 500 APIs that was a fifth of the
// provider's CPU. These types are the framework's own object, list and map types,
// built once; values stay basetypes values.

// cachedObjectType is basetypes.ObjectType with its Terraform type built once.
type cachedObjectType struct {
	basetypes.ObjectType
	tf tftypes.Type
}

var _ basetypes.ObjectTypable = cachedObjectType{}

func newCachedObjectType(attrs map[string]schema.Attribute) cachedObjectType {
	types := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		types[name] = a.GetType()
	}
	o := basetypes.ObjectType{AttrTypes: types}
	return cachedObjectType{ObjectType: o, tf: o.TerraformType(context.Background())}
}

func (t cachedObjectType) TerraformType(context.Context) tftypes.Type { return t.tf }

// Equal holds for the same object type, cached or not: values carry the
// plain type.
func (t cachedObjectType) Equal(o attr.Type) bool {
	switch other := o.(type) {
	case cachedObjectType:
		return t.ObjectType.Equal(other.ObjectType)
	case basetypes.ObjectType:
		return t.ObjectType.Equal(other)
	}
	return false
}

// cachedListType is basetypes.ListType with its Terraform type built once.
type cachedListType struct {
	basetypes.ListType
	tf tftypes.Type
}

var _ basetypes.ListTypable = cachedListType{}

func newCachedListType(elem attr.Type) cachedListType {
	l := basetypes.ListType{ElemType: elem}
	return cachedListType{ListType: l, tf: l.TerraformType(context.Background())}
}

func (t cachedListType) TerraformType(context.Context) tftypes.Type { return t.tf }

func (t cachedListType) Equal(o attr.Type) bool {
	switch other := o.(type) {
	case cachedListType:
		return t.ListType.Equal(other.ListType)
	case basetypes.ListType:
		return t.ListType.Equal(other)
	}
	return false
}

// cachedMapType is basetypes.MapType with its Terraform type built once.
type cachedMapType struct {
	basetypes.MapType
	tf tftypes.Type
}

var _ basetypes.MapTypable = cachedMapType{}

func newCachedMapType(elem attr.Type) cachedMapType {
	m := basetypes.MapType{ElemType: elem}
	return cachedMapType{MapType: m, tf: m.TerraformType(context.Background())}
}

func (t cachedMapType) TerraformType(context.Context) tftypes.Type { return t.tf }

func (t cachedMapType) Equal(o attr.Type) bool {
	switch other := o.(type) {
	case cachedMapType:
		return t.MapType.Equal(other.MapType)
	case basetypes.MapType:
		return t.MapType.Equal(other)
	}
	return false
}

// cachedObject returns a nested object whose type is built once.
func cachedObject(attrs map[string]schema.Attribute) schema.NestedAttributeObject {
	return schema.NestedAttributeObject{Attributes: attrs, CustomType: newCachedObjectType(attrs)}
}
