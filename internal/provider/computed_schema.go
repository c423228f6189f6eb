package provider

import (
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// computedAttributes turns a resource's attributes into the read-only
// attributes of a data source with the same names, types and nesting, so
// that the two schemas cannot drift apart.
func computedAttributes(attrs map[string]rschema.Attribute) map[string]dschema.Attribute {
	return describedAttributes(attrs, func(_, desc string) string { return desc })
}

// describedAttributes is computedAttributes with the top-level
// descriptions describe gives, for a data source that says of an attribute
// something else than the resource does.
func describedAttributes(attrs map[string]rschema.Attribute, describe func(name, desc string) string) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = computedAttribute(a, describe(name, a.GetMarkdownDescription()))
	}
	return out
}

func computedAttribute(a rschema.Attribute, desc string) dschema.Attribute {
	switch t := a.(type) {
	case rschema.BoolAttribute:
		return dschema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	case rschema.Int64Attribute:
		return dschema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	case rschema.SetAttribute:
		return dschema.SetAttribute{Computed: true, ElementType: t.ElementType, MarkdownDescription: desc}
	case rschema.MapAttribute:
		return dschema.MapAttribute{Computed: true, ElementType: t.ElementType, MarkdownDescription: desc}
	case rschema.ListAttribute:
		return dschema.ListAttribute{Computed: true, ElementType: t.ElementType, MarkdownDescription: desc}
	case rschema.SingleNestedAttribute:
		return dschema.SingleNestedAttribute{Computed: true, MarkdownDescription: desc,
			Attributes: computedAttributes(t.Attributes)}
	case rschema.ListNestedAttribute:
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: desc,
			NestedObject: dschema.NestedAttributeObject{Attributes: computedAttributes(t.NestedObject.Attributes)}}
	case rschema.MapNestedAttribute:
		return dschema.MapNestedAttribute{Computed: true, MarkdownDescription: desc,
			NestedObject: dschema.NestedAttributeObject{Attributes: computedAttributes(t.NestedObject.Attributes)}}
	}
	// Strings, and any kind added later: TestDataSourceSchemaMatchesResource
	// catches a type this mapping gets wrong.
	return dschema.StringAttribute{Computed: true, MarkdownDescription: desc}
}
