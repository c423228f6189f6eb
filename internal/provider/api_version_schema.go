package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// apiVersionSchema is platform_api's version object at the top level, with
// the same attribute builders, plus the API it belongs to and the computed
// values platform_api reports for its own version.
func apiVersionSchema() schema.Schema {
	attrs := versionAttributes("The version's name, e.g. `2.0`, unique within the API. A new name **renames this version in place**.")
	attrs["id"] = computedString("The version's ID (`APIVersionID`), e.g. `6f1c…-….acmepaymentscorp`.", true)
	attrs["api_id"] = schema.StringAttribute{
		Required: true,
		MarkdownDescription: "ID of the API this version belongs to, e.g. `platform_api.payments.id`. Changing it " +
			"forces a new resource.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["state"] = computedString("The version's lifecycle state, e.g. `com.soa.api.state.open`.", true)
	attrs["production_endpoint"] = computedString("URI of the first `Production` endpoint of the version, exactly as given (a `:80` stays).", false)
	attrs["sandbox_endpoint"] = computedString("URI of the first `Sandbox` endpoint of the version, exactly as given.", false)
	attrs["created"] = computedString("When the version was added (RFC 3339).", true)
	attrs["updated"] = computedString("When the version was last updated (RFC 3339).", false)
	return schema.Schema{
		Version: 1, // operations by name (api_upgrade.go)
		MarkdownDescription: "A further live version of an API, beside the one its `platform_api` manages: v1 and v2 " +
			"side by side while consumers migrate. Its attributes are those of `platform_api`'s `version` object, at " +
			"the top level. Creating it adds the version (it becomes the API's latest), an update writes it in place, " +
			"and destroying it deletes it. The platform deletes an API together with its last version, so destroying " +
			"the API's last version is refused, unless the API is already gone.",
		Attributes: attrs,
	}
}
