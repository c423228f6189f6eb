package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/openapi/openapitest"
	"github.com/apiplatform/terraform-provider-platform/internal/provider"
)

// functionName is what -only matches to measure the function.
const functionName = "provider::platform::openapi_operations"

// The function runs at every validate and plan of a configuration that
// calls it, so its own time counts: it is timed in-process, through the
// framework as Terraform calls it, on documents generated here.
type functionCase struct {
	name string
	doc  []byte
}

func functionCases() []functionCase {
	return []functionCase{
		{"1 MB of YAML, 400 operations", openapitest.OfSize(400, 1<<20, openapitest.YAML)},
		{"1 MB of JSON, 400 operations", openapitest.OfSize(400, 1<<20, openapitest.JSON)},
		{"200 operations, YAML", openapitest.YAML(openapitest.Document(200, 3))},
		{"20 operations, YAML", openapitest.YAML(openapitest.Document(20, 3))},
	}
}

type functionResult struct {
	name          string
	size, ops     int
	times         []time.Duration // per call, one per repeat
	bytes, allocs int64           // per call
}

func measureFunctions(o options) ([]functionResult, error) {
	// The provider process collects garbage at GOGC=400 (main.go's tuneGC)
	// unless GOGC is set: the function is measured as it runs there.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	var out []functionResult
	for _, c := range functionCases() {
		fmt.Printf("==> %s, %s\n", functionName, c.name)
		ops, err := callFunction(c.doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		r := functionResult{name: c.name, size: len(c.doc), ops: ops}
		for range o.repeats {
			runtime.GC()
			b := testing.Benchmark(func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := callFunction(c.doc); err != nil {
						b.Fatal(err)
					}
				}
			})
			r.times = append(r.times, time.Duration(b.NsPerOp()))
			r.bytes, r.allocs = b.AllocedBytesPerOp(), b.AllocsPerOp()
		}
		out = append(out, r)
	}
	return out, nil
}

// callFunction runs the function on doc and returns how many operations
// it gave.
func callFunction(doc []byte) (int, error) {
	ctx := context.Background()
	f := provider.NewOpenAPIOperationsFunction()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	result, ferr := def.Definition.Return.NewResultData(ctx)
	if ferr != nil {
		return 0, ferr
	}
	resp := &function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.StringValue(string(doc))})}, resp)
	if resp.Error != nil {
		return 0, resp.Error
	}
	ops, ok := resp.Result.Value().(types.Map)
	if !ok {
		return 0, fmt.Errorf("the result is a %T", resp.Result.Value())
	}
	return len(ops.Elements()), nil
}

func renderFunctions(b *strings.Builder, o options, rs []functionResult) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## %s\n\n", functionName)
	fmt.Fprintf(b, "The function's own cost per call, through the framework as Terraform calls it, in-process (`testing.Benchmark`, median of %d, at the provider's GOGC=400), on documents `internal/openapi/openapitest` generates. Targets: under 100 ms for 1 MB of YAML, under 5 ms for 20 operations.\n\n", o.repeats)
	b.WriteString("| document | size | operations | time per call | spread | allocated per call | allocations per call |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rs {
		fmt.Fprintf(b, "| %s | %.0f KiB | %d | %.2f ms | %.2f ms | %.1f MB | %d |\n", r.name, float64(r.size)/1024, r.ops,
			float64(median(r.times).Microseconds())/1000, float64(spread(r.times).Microseconds())/1000, float64(r.bytes)/1e6, r.allocs)
	}
}
