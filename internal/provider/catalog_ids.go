package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// An ID of the catalog that names nothing, said plainly: what kind of ID
// was expected, what the given one looks like, and, where one read can
// find it, the ID to use. API IDs are "{id}.{fedMemberID}" and version IDs
// "{uuid}.{fedMemberID}" (wire/PROTOCOL.md §1.2, §1.5), so the shape tells
// which read can explain an ID: a version ID is looked up as a version, an
// API ID as an API, anything else as an API's name.

const (
	apiIDExpected = "an API's ID (APIID: <id>.<fed_member_id>, e.g. api18969.acmepaymentscorp), as platform_api's id " +
		"or the data source platform_apis shows it"
	versionIDExpected = "a version's ID (APIVersionID: <uuid>.<fed_member_id>), as platform_api's version_id or the " +
		"data source platform_api_versions shows it"
)

var versionIDShape = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.`)

// whatAPIIDIs explains an ID that names no API, in a sentence to append;
// "" when one read finds nothing. apis, when the caller has the list
// already, saves that read.
func whatAPIIDIs(ctx context.Context, c *client.Client, id string, apis []wire.APIListItem) string {
	if versionIDShape.MatchString(id) {
		v, err := c.GetVersion(ctx, id)
		if err != nil {
			return ""
		}
		return fmt.Sprintf(" %q is the ID of version %q of API %s, not an API's ID: the API's ID is %s.", id, v.Name, v.APIID, v.APIID)
	}
	if apis == nil {
		var err error
		if apis, err = c.ListAPIs(ctx); err != nil {
			return ""
		}
	}
	for _, a := range apis {
		if a.Title == id {
			return fmt.Sprintf(" %q is the name of an API, not its ID: that API's ID is %s.", id, a.GUID)
		}
	}
	return ""
}

// whatVersionIDIs explains an ID that names no version, in a sentence to
// append; "" when one read finds nothing.
func whatVersionIDIs(ctx context.Context, c *client.Client, id string) string {
	if versionIDShape.MatchString(id) {
		return ""
	}
	versions, err := c.ListVersions(ctx, id)
	if err != nil || len(versions) == 0 {
		return ""
	}
	listed := make([]string, 0, len(versions))
	for i, v := range versions {
		latest := ""
		if i == len(versions)-1 {
			latest = ", the latest, which platform_api manages"
		}
		listed = append(listed, fmt.Sprintf("%q (ID %s%s)", v.Title, v.GUID, latest))
	}
	return fmt.Sprintf(" %q is an API's ID (APIID), not a version's. That API's versions, oldest first: %s.",
		id, strings.Join(listed, ", "))
}

// addAPIImportNotFound is the error of an import of platform_api by an ID
// that names no API.
func addAPIImportNotFound(ctx context.Context, c *client.Client, id string, diags *diag.Diagnostics) {
	diags.AddError("Cannot import platform_api: no API has this ID",
		fmt.Sprintf("No API has ID %q. platform_api is imported by %s.%s", id, apiIDExpected, whatAPIIDIs(ctx, c, id, nil)))
}

// addVersionImportNotFound is the error of an import of
// platform_api_version by an ID that names no version.
func addVersionImportNotFound(ctx context.Context, c *client.Client, id string, diags *diag.Diagnostics) {
	diags.AddError("Cannot import platform_api_version: no version has this ID",
		fmt.Sprintf("No API version has ID %q. platform_api_version is imported by %s.%s", id, versionIDExpected,
			whatVersionIDIs(ctx, c, id)))
}

// checkAPIID refuses, at plan time, a platform_api_version whose api_id
// names no API, when it is known and the plan creates the version (api_id
// forces replacement). The catalog's API list answers every version of
// the plan; an ID the list lacks is read on its own before it is refused,
// since an API this apply created may be newer than the list.
func (r *apiVersionResource) checkAPIID(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var apiID, prior types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("api_id"), &apiID)...)
	if !req.State.Raw.IsNull() {
		diags.Append(req.State.GetAttribute(ctx, path.Root("api_id"), &prior)...)
	}
	if apiID.IsNull() || apiID.IsUnknown() || apiID.ValueString() == "" || apiID.Equal(prior) || diags.HasError() {
		return
	}
	c, ok, _ := r.data.catalog()
	if !ok {
		return
	}
	id := apiID.ValueString()
	apis, err := r.data.catalogAPIs(ctx, c)
	if err != nil {
		addClientError(diags, "listing the catalog's APIs", err)
		return
	}
	for _, a := range apis {
		if a.GUID == id {
			return
		}
	}
	if _, err := c.ListVersions(ctx, id); !errors.Is(err, client.ErrNotFound) {
		if err != nil {
			addClientError(diags, "reading the versions of API "+id, err)
		}
		return
	}
	var name types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	refuse(diags, path.Root("api_id"), r.data.wasGone(goneKey(versionType, id, name.ValueString())), "No such API",
		fmt.Sprintf("api_id = %q: the platform has no API with that ID, so no version can be added to it. api_id takes %s.%s",
			id, apiIDExpected, whatAPIIDIs(ctx, c, id, apis)))
}
