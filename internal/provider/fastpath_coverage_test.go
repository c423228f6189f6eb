package provider

import (
	"context"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The equivalence corpus must grow with the schemas: every attribute a
// configuration can set, and every value of an enum, must appear in some
// configuration of it, or a new attribute could change what a plan says
// without the corpus ever asking. What "every" means is read from the
// resources' schemas, not listed here.

// settable is a resource's configurable attribute paths, list and map
// elements written [*], with the values of each enum among them.
type settable struct {
	paths map[string]bool
	enums map[string][]string
}

func schemaSettable(ctx context.Context) map[string]settable {
	out := map[string]settable{}
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		var mr resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "platform"}, &mr)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		s := settable{paths: map[string]bool{}, enums: map[string][]string{}}
		s.object(ctx, "", sr.Schema.Attributes, sr.Schema.Blocks)
		out[mr.TypeName] = s
	}
	return out
}

func (s settable) object(ctx context.Context, prefix string, attrs map[string]schema.Attribute, blocks map[string]schema.Block) {
	for name, a := range attrs {
		p := prefix + name
		if a.IsRequired() || a.IsOptional() {
			s.paths[p] = true
		}
		switch a := a.(type) {
		case schema.StringAttribute:
			if values := enumValues(ctx, a.Validators); values != nil {
				s.enums[p] = values
			}
		case schema.SingleNestedAttribute:
			s.object(ctx, p+".", a.Attributes, nil)
		case schema.ListNestedAttribute:
			s.object(ctx, p+"[*].", a.NestedObject.Attributes, nil)
		case schema.MapNestedAttribute:
			s.object(ctx, p+"[*].", a.NestedObject.Attributes, nil)
		case schema.SetNestedAttribute:
			s.object(ctx, p+"[*].", a.NestedObject.Attributes, nil)
		}
	}
	for name, b := range blocks {
		p := prefix + name
		s.paths[p] = true
		switch b := b.(type) {
		case schema.ListNestedBlock:
			s.object(ctx, p+"[*].", b.NestedObject.Attributes, b.NestedObject.Blocks)
		case schema.SingleNestedBlock:
			s.object(ctx, p+".", b.Attributes, b.Blocks)
		}
	}
}

var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// enumValues reads the values of a stringvalidator.OneOf from its
// description ("value must be one of: [\"A\" \"B\"]").
func enumValues(ctx context.Context, vs []validator.String) []string {
	for _, v := range vs {
		d, ok := strings.CutPrefix(v.Description(ctx), "value must be one of: ")
		if !ok {
			continue
		}
		var values []string
		for _, q := range quoted.FindAllString(d, -1) {
			if u, err := strconv.Unquote(q); err == nil {
				values = append(values, u)
			}
		}
		return values
	}
	return nil
}

// seen is what configurations set: paths with a value, and the strings at
// each.
type seen struct {
	paths   map[string]bool
	strings map[string]map[string]bool
}

func (s seen) add(prefix string, v tftypes.Value) {
	if v.IsNull() || !v.IsKnown() {
		return
	}
	if prefix != "" {
		s.paths[prefix] = true
	}
	switch v.Type().(type) {
	case tftypes.Object:
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		for name, a := range attrs {
			s.add(join(prefix, name), a)
		}
	case tftypes.Map:
		var elems map[string]tftypes.Value
		_ = v.As(&elems)
		for _, e := range elems {
			s.add(prefix+"[*]", e)
		}
	case tftypes.List, tftypes.Set:
		var elems []tftypes.Value
		_ = v.As(&elems)
		for _, e := range elems {
			s.add(prefix+"[*]", e)
		}
	default:
		if v.Type().Is(tftypes.String) {
			var str string
			_ = v.As(&str)
			if s.strings[prefix] == nil {
				s.strings[prefix] = map[string]bool{}
			}
			s.strings[prefix][str] = true
		}
	}
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// uncovered lists what the corpus ms never sets, per resource type.
func uncovered(ctx context.Context, ms []*managed) []string {
	byType := map[string]seen{}
	for _, m := range ms {
		s, ok := byType[m.typeName]
		if !ok {
			s = seen{paths: map[string]bool{}, strings: map[string]map[string]bool{}}
			byType[m.typeName] = s
		}
		for _, c := range append(append([]tftypes.Value{m.config}, m.changes...), m.unknowns...) {
			s.add("", c)
		}
	}
	var missing []string
	for typeName, want := range schemaSettable(ctx) {
		got := byType[typeName]
		for p := range want.paths {
			if !got.paths[p] {
				missing = append(missing, typeName+": "+p)
			}
		}
		for p, values := range want.enums {
			for _, v := range values {
				if !got.strings[p][v] {
					missing = append(missing, typeName+": "+p+" = "+strconv.Quote(v))
				}
			}
		}
	}
	sort.Strings(missing)
	return missing
}
