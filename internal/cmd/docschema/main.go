// Command docschema writes the provider's schemas as `terraform providers
// schema -json` prints them, for make generate to hand to tfplugindocs. It
// runs the CLI on PATH against a fresh build of the provider, and adds the
// resource identity schemas, which only Terraform 1.12 and later print,
// from the provider itself: the generated pages are then the same whatever
// the CLI's version.
//
//	go run ./internal/cmd/docschema -o schema.json
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/provider"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

const address = "registry.terraform.io/apiplatform/platform"

func main() {
	out := flag.String("o", "", "file to write the schemas to")
	flag.Parse()
	if *out == "" {
		log.Fatal("docschema: -o is required")
	}
	if err := run(context.Background(), *out); err != nil {
		log.Fatalf("docschema: %v", err)
	}
}

func run(ctx context.Context, out string) error {
	w, err := tfrun.NewWorkspace(ctx, ".")
	if err != nil {
		return err
	}
	defer w.Close()
	dir := filepath.Join(w.Dir, "schema")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	config := "terraform {\n  required_providers {\n    platform = { source = \"apiplatform/platform\" }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return err
	}
	var stdout bytes.Buffer
	cmd := w.Command(ctx, dir, w.Env(&tfrun.Mock{}), "providers", "schema", "-json")
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("terraform providers schema -json: %w", err)
	}
	var schemas map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &schemas); err != nil {
		return fmt.Errorf("terraform providers schema -json: %w", err)
	}
	ps, _ := schemas["provider_schemas"].(map[string]any)
	p, ok := ps[address].(map[string]any)
	if !ok {
		return fmt.Errorf("terraform providers schema -json has no %s", address)
	}
	if _, ok := p["resource_identity_schemas"]; !ok {
		ids, err := identitySchemas(ctx)
		if err != nil {
			return err
		}
		p["resource_identity_schemas"] = ids
	}
	// tfplugindocs looks the provider up by its short name.
	delete(ps, address)
	ps["platform"] = p
	b, err := json.MarshalIndent(schemas, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o600)
}

// identitySchemas are the provider's identity schemas in the CLI's JSON
// form.
func identitySchemas(ctx context.Context) (map[string]any, error) {
	srv := protocol.NewServer(provider.New("docs")())()
	resp, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, errors.New(d.Summary + ": " + d.Detail)
		}
	}
	out := map[string]any{}
	for typ, s := range resp.IdentitySchemas {
		attrs := map[string]any{}
		for _, a := range s.IdentityAttributes {
			t, err := json.Marshal(a.Type)
			if err != nil {
				return nil, err
			}
			attr := map[string]any{"type": json.RawMessage(t)}
			if a.Description != "" {
				attr["description"] = a.Description
			}
			if a.RequiredForImport {
				attr["required_for_import"] = true
			}
			if a.OptionalForImport {
				attr["optional_for_import"] = true
			}
			attrs[a.Name] = attr
		}
		out[typ] = map[string]any{"version": s.Version, "attributes": attrs}
	}
	return out, nil
}
