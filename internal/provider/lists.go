package provider

import (
	"context"
	"iter"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What the list resources (Terraform 1.14's terraform query) share: each
// finds its objects with the platform's list requests, and streams one
// result per object, in a stable order, with the resource's identity and a
// display name; with include_resource, the whole resource as an import of
// that identity followed by a refresh gives it, by calling the resource's
// own ImportState and Read. A list resource embeds its resource, which
// gives it the same type name and Configure and the read to repeat.

// listParallelism bounds the reads a list resource runs at a time, as
// Terraform's -parallelism (default 10) bounds those of a refresh.
const listParallelism = 10

// found is one object a list resource found: the resource's identity
// model, and its name for people. A found with diags carries an error that
// ends the list.
type found struct {
	identity    any
	displayName string
	diags       diag.Diagnostics
}

// failed is a found that reports diags and ends the list.
func failed(diags diag.Diagnostics) found { return found{diags: diags} }

// importReader is the resource a list resource lists: what an import by
// identity and the refresh after it run.
type importReader interface {
	ImportState(context.Context, resource.ImportStateRequest, *resource.ImportStateResponse)
	Read(context.Context, resource.ReadRequest, *resource.ReadResponse)
}

// streamFound sets stream's results: one per object of objects, at most
// req.Limit of them. objects runs when Terraform reads the results, so the
// list requests run then, and stop once Terraform has what it asked for.
func streamFound(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, r importReader, objects iter.Seq[found]) {
	stream.Results = func(push func(list.ListResult) bool) {
		limited := limit(objects, req.Limit)
		var results iter.Seq[list.ListResult]
		if req.IncludeResource {
			results = ordered(ctx, limited, listParallelism, func(ctx context.Context, f found) list.ListResult {
				return importedResult(ctx, req, r, f)
			})
		} else {
			results = func(yield func(list.ListResult) bool) {
				for f := range limited {
					if !yield(identityResult(ctx, req, f)) {
						return
					}
				}
			}
		}
		for res := range results {
			if res.Identity == nil && len(res.Diagnostics) == 0 {
				continue // gone between the list and its read
			}
			if !push(res) || res.Diagnostics.HasError() {
				return
			}
		}
	}
}

// limit stops objects after n (Terraform's limit, 100 unless the list
// block says otherwise); n of 0 or less is no limit.
func limit(objects iter.Seq[found], n int64) iter.Seq[found] {
	return func(yield func(found) bool) {
		var count int64
		for f := range objects {
			if !yield(f) || f.diags.HasError() {
				return
			}
			if count++; n > 0 && count >= n {
				return
			}
		}
	}
}

// identityResult is f's result without the resource.
func identityResult(ctx context.Context, req list.ListRequest, f found) list.ListResult {
	if f.diags.HasError() {
		return list.ListResult{Diagnostics: f.diags}
	}
	res := req.NewListResult(ctx)
	res.DisplayName = f.displayName
	res.Diagnostics.Append(res.Identity.Set(ctx, f.identity)...)
	return res
}

// importedResult is f's result with the resource as terraform import of
// its identity and the refresh after it give it: r's own ImportState and
// Read, with the requests they make. An object the read finds gone is a
// result with no identity, which streamFound leaves out.
func importedResult(ctx context.Context, req list.ListRequest, r importReader, f found) list.ListResult {
	res := identityResult(ctx, req, f)
	if res.Diagnostics.HasError() {
		return res
	}
	ctx = context.WithValue(ctx, listingKey{}, true)
	// NewListResult's resource is the null object an import starts from.
	importResp := resource.ImportStateResponse{
		State:    tfsdk.State{Schema: req.ResourceSchema, Raw: res.Resource.Raw.Copy()},
		Identity: copyIdentity(res.Identity),
	}
	r.ImportState(ctx, resource.ImportStateRequest{Identity: copyIdentity(res.Identity)}, &importResp)
	if res.Diagnostics.Append(importResp.Diagnostics...); res.Diagnostics.HasError() {
		return list.ListResult{Diagnostics: res.Diagnostics}
	}
	readResp := resource.ReadResponse{
		State:    tfsdk.State{Schema: req.ResourceSchema, Raw: importResp.State.Raw.Copy()},
		Identity: copyIdentity(importResp.Identity),
	}
	r.Read(ctx, resource.ReadRequest{State: importResp.State, Identity: importResp.Identity}, &readResp)
	switch res.Diagnostics.Append(readResp.Diagnostics...); {
	case res.Diagnostics.HasError():
		return list.ListResult{Diagnostics: res.Diagnostics}
	case readResp.State.Raw.IsNull():
		return list.ListResult{}
	}
	res.Resource = &tfsdk.Resource{Schema: req.ResourceSchema, Raw: readResp.State.Raw}
	res.Identity = readResp.Identity
	return res
}

// listingKey marks the context of a list's import and read (see listing).
type listingKey struct{}

// listing reports whether a Read is a list resource's: an object its
// import names but the read does not find went after the list, and is left
// out, where a user's import by a wrong ID is an error.
func listing(ctx context.Context) bool {
	v, _ := ctx.Value(listingKey{}).(bool)
	return v
}

func copyIdentity(id *tfsdk.ResourceIdentity) *tfsdk.ResourceIdentity {
	return &tfsdk.ResourceIdentity{Schema: id.Schema, Raw: id.Raw.Copy()}
}

// ordered yields read(item) for each of items, in their order, running up
// to n reads ahead of the consumer. When the consumer stops, the reads
// still running are cancelled and waited for, so that nothing outlives the
// iteration that started it.
func ordered[T, R any](ctx context.Context, items iter.Seq[T], n int, read func(context.Context, T) R) iter.Seq[R] {
	return func(yield func(R) bool) {
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer wg.Wait()
		defer cancel()
		slots := make(chan chan R, n)
		wg.Go(func() {
			defer close(slots)
			for it := range items {
				slot := make(chan R, 1)
				select {
				case slots <- slot:
				case <-ctx.Done():
					return
				}
				wg.Go(func() { slot <- read(ctx, it) })
			}
		})
		for slot := range slots {
			if !yield(<-slot) {
				return
			}
		}
	}
}

// listProjectName is the project_name of the list resources of a project's
// API proxies.
func listProjectName() listschema.StringAttribute {
	return listschema.StringAttribute{
		Required:            true,
		MarkdownDescription: "Name of the project whose API proxies to list.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// listNameRegex is the name_regex of a list resource's configuration.
func listNameRegex(what string) listschema.StringAttribute {
	return listschema.StringAttribute{
		Optional: true,
		MarkdownDescription: "List only the " + what + " whose name matches this regular expression " +
			"([RE2 syntax](https://github.com/google/re2/wiki/Syntax)), e.g. `^orders-`. Unanchored: it may match any part of the name.",
		Validators: []validator.String{validRegex()},
	}
}

// nameFilter is the filter of a list resource's name_regex (validated by
// then): it keeps every name when the configuration sets none.
func nameFilter(ctx context.Context, config tfsdk.Config) (func(string) bool, diag.Diagnostics) {
	var v types.String
	diags := config.GetAttribute(ctx, path.Root("name_regex"), &v)
	re := compiled(v)
	return func(name string) bool { return re == nil || re.MatchString(name) }, diags
}
