package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// createdThing names what a create made, for its diagnostics: platform_api
// and platform_api_version report their creates the same way.
type createdThing struct {
	resourceType string // e.g. platform_api
	noun         string // "API" or "version"
	action       string // e.g. `creating API "payments"`
	// conflictAt is where a name that is taken is reported.
	conflictAt path.Path
}

// reportCreate turns a create's error into diagnostics and says whether what
// came back is to be stored: also when the object exists but could not be
// brought to the configuration, so that it is tracked (Terraform marks it
// tainted) rather than lost.
func reportCreate(diags *diag.Diagnostics, th createdThing, err error, created bool) (storeIt bool) {
	var conflict *client.ConflictError
	var unconfirmed *client.UnconfirmedError
	switch {
	case err == nil:
		return true
	case errors.As(err, &unconfirmed):
		diags.AddError(capitalized(th.noun)+" creation not confirmed",
			fmt.Sprintf("Terraform stopped while the platform had not answered %s, and looking for it by name did not "+
				"find it in time. The platform may still make it. Run terraform apply again: if it then reports that the "+
				"%s already exists, import it as that error shows (terraform import %s.<name> <id>).",
				th.action, th.noun, th.resourceType))
	case errors.As(err, &conflict):
		diags.AddAttributeError(th.conflictAt, capitalized(th.noun)+" already exists",
			fmt.Sprintf("The platform already has %s (ID %s), so it cannot be created again. "+
				"To manage the existing %s with Terraform, import it:\n\n"+
				"  terraform import %s.<name> %s\n\nor add an import block:\n\n"+
				"  import {\n    to = %s.<name>\n    id = %q\n  }",
				conflict.Subject(), conflict.ExistingID, th.noun, th.resourceType, conflict.ExistingID,
				th.resourceType, conflict.ExistingID))
	default:
		addClientError(diags, th.action, err)
		return created
	}
	return false
}

// capitalized starts s with an upper-case letter: "version" gives
// "Version", "API" stays.
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// importID sets the ID an import names, as the import ID or as the
// identity's id; an empty one is an error that says what was expected.
func importID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, expected string) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var identity idIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		id = identity.ID.ValueString()
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid import ID",
			"Expected "+expected+", as the import ID or the identity's id; got an empty string.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, &idIdentity{ID: types.StringValue(id)}, &resp.Diagnostics)
}
