package provider

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Schema version 1 of platform_api and platform_api_version keys operations
// by name; version 0 (builds up to 0.1) held them as a list, which Terraform
// diffs by position: one operation inserted first showed as every later one
// renamed. Upgrading a version 0 state turns each operations list into that
// map, and changes nothing else.

var (
	_ resource.ResourceWithUpgradeState = (*apiResource)(nil)
	_ resource.ResourceWithUpgradeState = (*apiVersionResource)(nil)
)

// apiOperationLists are where platform_api's version 0 state holds lists of
// operations.
var apiOperationLists = [][]string{{"version", "operations"}, {"version", "target_api", "operations"}}

// versionOperationLists are those of platform_api_version's.
var versionOperationLists = [][]string{{"operations"}, {"target_api", "operations"}}

func (r *apiResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: operationsToMaps(apiOperationLists)}}
}

func (r *apiVersionResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: operationsToMaps(versionOperationLists)}}
}

// operationsToMaps upgrades a version 0 state by rewriting its JSON: the
// lists of operations at lists become maps by name, and the result is read
// with the current schema, which ignores attributes it no longer has, as
// the framework does for a state of the current version.
func operationsToMaps(lists [][]string) func(context.Context, resource.UpgradeStateRequest, *resource.UpgradeStateResponse) {
	return func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		if req.RawState == nil || req.RawState.JSON == nil {
			resp.Diagnostics.AddError("Unable to upgrade the state",
				"The saved state is not in the JSON form this provider has always written; apply once with the provider version that wrote it, then upgrade.")
			return
		}
		upgraded, err := rewriteOperations(req.RawState.JSON, lists)
		if err != nil {
			resp.Diagnostics.AddError("Unable to upgrade the state", "Reading the saved state to turn its operations lists into maps failed: "+err.Error())
			return
		}
		raw := tfprotov6.RawState{JSON: upgraded}
		v, err := raw.UnmarshalWithOpts(resp.State.Schema.Type().TerraformType(ctx),
			tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		if err != nil {
			resp.Diagnostics.AddError("Unable to upgrade the state", "The saved state, its operations turned into maps, does not fit the schema: "+err.Error())
			return
		}
		resp.State.Raw = v
	}
}

// rewriteOperations turns each list of operations at lists in the state's
// JSON into a map by name, each operation without its name. A list that is
// null becomes an empty map (none and empty are the same), and a path whose
// object is null or missing is left alone. Two operations of one name
// cannot come from a configuration; should a state hold them, the first
// stands, as a refresh reads them.
func rewriteOperations(state []byte, lists [][]string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(state))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, err
	}
	for _, at := range lists {
		parent := root
		for _, name := range at[:len(at)-1] {
			if parent, _ = parent[name].(map[string]any); parent == nil {
				break
			}
		}
		if parent == nil {
			continue
		}
		last := at[len(at)-1]
		if _, present := parent[last]; present {
			parent[last] = operationsByName(parent[last])
		}
	}
	return json.Marshal(root)
}

func operationsByName(list any) any {
	ops, ok := list.([]any)
	if !ok && list != nil {
		return list // not a list: the schema check that follows says so
	}
	out := make(map[string]any, len(ops))
	for _, elem := range ops {
		op, ok := elem.(map[string]any)
		if !ok {
			continue
		}
		name, _ := op["name"].(string)
		if _, dup := out[name]; dup {
			continue
		}
		delete(op, "name")
		out[name] = op
	}
	return out
}
