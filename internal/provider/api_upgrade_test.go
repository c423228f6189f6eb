package provider

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestRewriteOperations(t *testing.T) {
	state := `{"id": "a", "n": 1.50, "version": {"name": "1.0",
		"operations": [
			{"name": "b", "method": "GET", "inputs": [{"name": "x", "type": "query"}, {"name": "a", "type": "query"}]},
			{"name": "a", "method": null, "fault_content_type": ""},
			{"name": "b", "method": "POST"}
		],
		"target_api": {"operations": null}}}`
	got, err := rewriteOperations([]byte(state), apiOperationLists)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id": "a", "n": 1.50, "version": {"name": "1.0",
		"operations": {
			"a": {"method": null, "fault_content_type": ""},
			"b": {"method": "GET", "inputs": [{"name": "x", "type": "query"}, {"name": "a", "type": "query"}]}
		},
		"target_api": {"operations": {}}}}`
	if !equalJSON(t, got, []byte(want)) {
		t.Fatalf("got %s\nwant %s", got, want)
	}

	// A version or target API that is null has no operations to rewrite.
	for _, s := range []string{`{"version": null}`, `{"version": {"operations": [], "target_api": null}}`, `{}`} {
		got, err := rewriteOperations([]byte(s), apiOperationLists)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Replace(s, `"operations": []`, `"operations": {}`, 1)
		if !equalJSON(t, got, []byte(want)) {
			t.Errorf("%s: got %s, want %s", s, got, want)
		}
	}
	if _, err := rewriteOperations([]byte(`[`), apiOperationLists); err == nil {
		t.Error("a state that is not JSON upgraded")
	}
}

func equalJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}

// The state the list-form build wrote (internal/e2e/testdata/state-upgrade)
// upgrades, through the provider's protocol server, to the map form of the
// same operations, with every other attribute as it was.
func TestUpgradeListFormState(t *testing.T) {
	b, err := os.ReadFile("../e2e/testdata/state-upgrade/list-form-state.json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				SchemaVersion int64           `json:"schema_version"`
				Attributes    json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	srv, err := protoV6Factories()["platform"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// Each operations map, by its path, as "name METHOD path [inputs] fault".
	want := map[string]map[string]string{
		"platform_api": {
			"version.operations": "createOrder POST /orders [body/body] \"\"|getOrder GET /orders/{id} [id/path] null|" +
				"listOrders GET /orders [status/query limit/query] null",
			"version.target_api.operations": "backendList GET /list [] null",
		},
		"platform_api_version": {
			"operations":            "getOrder GET /v2/orders/{id} [id/path] null|listOrders GET /v2/orders [] null",
			"target_api.operations": "backendGet GET /get/{id} [id/path] null",
		},
	}
	for _, r := range st.Resources {
		in := r.Instances[0]
		if in.SchemaVersion != 0 {
			t.Fatalf("%s: the fixture's schema version is %d, want 0", r.Type, in.SchemaVersion)
		}
		resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
			TypeName: r.Type, Version: 0, RawState: &tfprotov6.RawState{JSON: in.Attributes}})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("%s: %v %v", r.Type, err, diagnosticsText(resp))
		}
		typ := schemas.ResourceSchemas[r.Type].ValueType()
		v, err := resp.UpgradedState.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		for at, ops := range want[r.Type] {
			if got := operationsText(t, v, at); got != ops {
				t.Errorf("%s %s: got %s\nwant %s", r.Type, at, got, ops)
			}
		}
		var attrs map[string]any
		if err := json.Unmarshal(in.Attributes, &attrs); err != nil {
			t.Fatal(err)
		}
		if got := attrText(v, "id"); got != attrs["id"] || got == "" {
			t.Errorf("%s: id %q, want %q", r.Type, got, attrs["id"])
		}
	}
}

func diagnosticsText(resp *tfprotov6.UpgradeResourceStateResponse) string {
	if resp == nil {
		return ""
	}
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return strings.Join(out, "; ")
}

// operationsText is the operations map at the dotted path at in v, sorted
// by name.
func operationsText(t *testing.T, v tftypes.Value, at string) string {
	t.Helper()
	p := tftypes.NewAttributePath()
	for _, name := range strings.Split(at, ".") {
		p = p.WithAttributeName(name)
	}
	got, _, err := tftypes.WalkAttributePath(v, p)
	if err != nil {
		t.Fatalf("%s: %v", at, err)
	}
	var ops map[string]tftypes.Value
	if err := got.(tftypes.Value).As(&ops); err != nil {
		t.Fatalf("%s is not a map: %v", at, err)
	}
	var out []string
	for name, op := range ops {
		var attrs map[string]tftypes.Value
		var inputs []tftypes.Value
		_ = op.As(&attrs)
		_ = attrs["inputs"].As(&inputs)
		var ins []string
		for _, in := range inputs {
			ins = append(ins, attrText(in, "name")+"/"+attrText(in, "type"))
		}
		fault := "null"
		if !attrs["fault_content_type"].IsNull() {
			fault = `"` + attrText(op, "fault_content_type") + `"`
		}
		out = append(out, name+" "+attrText(op, "method")+" "+attrText(op, "path")+" ["+strings.Join(ins, " ")+"] "+fault)
	}
	slices.Sort(out)
	return strings.Join(out, "|")
}

// attrText is the string attribute name of object v, "" when null.
func attrText(v tftypes.Value, name string) string {
	var attrs map[string]tftypes.Value
	var s string
	if v.As(&attrs) == nil {
		_ = attrs[name].As(&s)
	}
	return s
}

// A state only Terraform 0.11 and earlier wrote (flatmap) is refused with
// an error saying what to do, not a panic.
func TestUpgradeFlatmapStateIsAnError(t *testing.T) {
	srv, err := protoV6Factories()["platform"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "platform_api", Version: 0, RawState: &tfprotov6.RawState{Flatmap: map[string]string{"id": "api1.acmepaymentscorp"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := diagnosticsText(resp); !strings.Contains(got, "Unable to upgrade the state: The saved state is not in the JSON form") {
		t.Fatalf("got %q", got)
	}
}
