package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	visibilityValues = []string{"Public", "Limited", "com.soa.visibility.registered.users"}
	categoryValues   = []string{"Production", "Sandbox"}
	methodValues     = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
)

func apiResourceSchema() schema.Schema {
	return schema.Schema{
		Version: 1, // operations by name (api_upgrade.go)
		MarkdownDescription: "An API in the platform's catalog with the version it manages: the platform's proxy " +
			"endpoints, the operations it exposes, its policies and the backend (target API) it forwards to. " +
			"Further live versions of the same API are `platform_api_version` resources. " +
			"Everything updates in place; nothing forces replacement.",
		Attributes: map[string]schema.Attribute{
			"id":          computedString("The API's ID (`APIID`), e.g. `api18969.acmepaymentscorp`.", true),
			"name":        schema.StringAttribute{Required: true, MarkdownDescription: "The API's name, unique in the tenant.", Validators: []validator.String{notBlank()}},
			"description": schema.StringAttribute{Optional: true, MarkdownDescription: "What the API is for."},
			"visibility":  visibilityAttribute("The API's visibility"),
			"picture_id":  schema.StringAttribute{Optional: true, MarkdownDescription: "ID of the API's picture on the platform."},
			"version":     versionAttribute(),
			"version_id": computedString("ID of the version this resource manages. Refresh reads that version, "+
				"whichever version is the API's latest. It changes when `version.name` changes, because a new name adds a version.", false),
			"latest_version_id": computedString("ID of the API's latest version, as the platform reports it: the same as "+
				"`version_id` unless a newer version was added since, by a `platform_api_version` or outside Terraform.", false),
			"state":               computedString("The version's lifecycle state, e.g. `com.soa.api.state.open`.", false),
			"production_endpoint": computedString("URI of the first `Production` endpoint of the version, exactly as given (a `:80` stays).", false),
			"sandbox_endpoint":    computedString("URI of the first `Sandbox` endpoint of the version, exactly as given.", false),
			"admin_group_id":      computedString("ID of the API's admin group.", true),
			"avatar_url":          computedString("URL of the API's avatar.", true),
			"created":             computedString("When the API was created (RFC 3339).", true),
			"updated":             computedString("When the API was last updated (RFC 3339).", false),
		},
	}
}

func computedString(desc string, stable bool) schema.StringAttribute {
	a := schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	if stable {
		a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	}
	return a
}

func visibilityAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString("Limited"),
		MarkdownDescription: what + ": `Public`, `Limited` or `com.soa.visibility.registered.users`. Defaults to `Limited`, as on the platform.",
		Validators:          []validator.String{stringvalidator.OneOf(visibilityValues...)},
	}
}

func versionAttribute() schema.SingleNestedAttribute {
	attrs := versionAttributes("The version's name, e.g. `1.0`. **A new name adds a version** on the platform.")
	return schema.SingleNestedAttribute{
		Required: true, Attributes: attrs, CustomType: newCachedObjectType(attrs),
		MarkdownDescription: "The version of the API this resource manages. Changing `name` **adds a new version** on " +
			"the platform (older versions stay until the API is deleted, or until a `platform_api_version` that manages " +
			"them is destroyed) and the resource then manages the new one: `version_id` changes. Changing anything else " +
			"updates this version in place. Other versions of the API, added by `platform_api_version` or outside " +
			"Terraform, are never shown here.",
	}
}

// versionAttributes are a version's attributes, shared by platform_api's
// version object and platform_api_version, which has them at the top level.
func versionAttributes(nameDescription string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: nameDescription,
			Validators:          []validator.String{notBlank()},
		},
		"description": schema.StringAttribute{Optional: true, MarkdownDescription: "What changed in this version."},
		"visibility":  visibilityAttribute("The version's visibility"),
		"type": schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString("shttp"),
			MarkdownDescription: "The version's API type. Defaults to `shttp`, as on the platform.",
		},
		"default_profile": schema.StringAttribute{Optional: true, MarkdownDescription: "Default message profile, e.g. `XML or JSON in/XML or JSON out`."},
		"tags": schema.SetAttribute{
			Optional: true, Computed: true, ElementType: types.StringType,
			Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: "Tags of the version (a set: order does not matter). Left out, the version has none.",
		},
		"production_endpoint_access_auto_approved": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Approve requests for production access automatically. Defaults to `false`.",
		},
		"sandbox_endpoint_access_auto_approved": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Approve requests for sandbox access automatically. Defaults to `false`.",
		},
		"endpoints":  endpointsAttribute("The platform's proxy (broker) endpoints of this version."),
		"operations": operationsAttribute(),
		"policies":   policiesAttribute(),
		"target_api": targetAPIAttribute(),
	}
}

func targetAPIAttribute() schema.SingleNestedAttribute {
	attrs := map[string]schema.Attribute{
		"type":            schema.StringAttribute{Optional: true, MarkdownDescription: "The backend's API type, e.g. `shttp`. No default."},
		"default_profile": schema.StringAttribute{Optional: true, MarkdownDescription: "The backend's message profile."},
		"endpoints":       endpointsAttribute("The backend's endpoints."),
		"operations":      operationsAttribute(),
		"policies":        policiesAttribute(),
	}
	return schema.SingleNestedAttribute{
		Optional: true, Attributes: attrs, CustomType: newCachedObjectType(attrs),
		MarkdownDescription: "The backend the platform forwards to.",
	}
}

// listOf is an optional list of objects where a list left out is the same
// as an empty one: neither ever shows a diff against the other, whatever
// the platform answers.
func listOf(obj schema.NestedAttributeObject, desc string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true, Computed: true, MarkdownDescription: desc,
		NestedObject: obj, CustomType: newCachedListType(obj.CustomType),
		Default: listdefault.StaticValue(types.ListValueMust(obj.CustomType, nil)),
	}
}

func endpointsAttribute(desc string) schema.ListNestedAttribute {
	return listOf(endpointObject, desc+" The order the platform returns them in does not matter; left out, there are none.")
}

var endpointObject = cachedObject(map[string]schema.Attribute{
	"category": schema.StringAttribute{Required: true, MarkdownDescription: "`Production` or `Sandbox`.",
		Validators: []validator.String{stringvalidator.OneOf(categoryValues...)}},
	"uri": schema.StringAttribute{Required: true, MarkdownDescription: "Absolute `http://` or `https://` URI.",
		Validators: []validator.String{httpURL()}},
	"cname":                schema.StringAttribute{Optional: true, MarkdownDescription: "Host name clients use."},
	"deployment_zone_rule": schema.StringAttribute{Optional: true, MarkdownDescription: "Deployment zone rule of the endpoint."},
	"connection_properties": schema.MapAttribute{Optional: true, Computed: true, ElementType: types.StringType,
		Default:             mapdefault.StaticValue(types.MapValueMust(types.StringType, nil)),
		MarkdownDescription: "Connection properties, e.g. `{ \"http.chunked.encoding\" = \"false\" }`. Left out, there are none."},
})

// operationsAttribute is the operations by name. A map left out is the same
// as an empty one, as for listOf.
func operationsAttribute() schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "The operations, keyed by the operation's name, so that a plan shows each operation " +
			"added, removed or changed by its name. Left out, there are none.",
		NestedObject: operationObject, CustomType: newCachedMapType(operationObject.CustomType),
		Default:    mapdefault.StaticValue(types.MapValueMust(operationObject.CustomType, nil)),
		Validators: []validator.Map{mapvalidator.KeysAre(notBlank())},
	}
}

var operationObject = cachedObject(map[string]schema.Attribute{
	"method": schema.StringAttribute{Optional: true, MarkdownDescription: "HTTP method: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD` or `OPTIONS`.",
		Validators: []validator.String{stringvalidator.OneOf(methodValues...)}},
	"path":                schema.StringAttribute{Optional: true, MarkdownDescription: "Path template, e.g. `/payments/{PaymentID}`."},
	"input_content_type":  schema.StringAttribute{Optional: true, MarkdownDescription: "Accepted request content types."},
	"output_content_type": schema.StringAttribute{Optional: true, MarkdownDescription: "Response content types."},
	"fault_content_type":  schema.StringAttribute{Optional: true, MarkdownDescription: "Fault content types."},
	"inputs":              inputsAttribute(),
})

func inputsAttribute() schema.ListNestedAttribute {
	return listOf(inputObject, "The operation's input parameters. Order does not matter; left out, there are none.")
}

var inputObject = cachedObject(map[string]schema.Attribute{
	"name": schema.StringAttribute{Required: true, MarkdownDescription: "Parameter name."},
	"type": schema.StringAttribute{Required: true, MarkdownDescription: "Where it comes from, e.g. `path`, `query`, `header`."},
})

func policiesAttribute() schema.ListNestedAttribute {
	return listOf(policyObject, "The policies attached here. Order does not matter; left out, there are none.")
}

var policyObject = cachedObject(map[string]schema.Attribute{
	"key":  schema.StringAttribute{Required: true, MarkdownDescription: "The policy's key, e.g. `urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412`."},
	"type": schema.StringAttribute{Required: true, MarkdownDescription: "The policy's type, e.g. `Operational Policy`."},
})
