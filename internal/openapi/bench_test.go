package openapi

import (
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/openapi/openapitest"
)

// The function runs on every validate and plan; these are its costs on
// generated documents. Targets: under 100 ms for 1 MB of YAML, under 5 ms
// for 20 operations.
func BenchmarkOperations_1MBYAML(b *testing.B) {
	benchmarkOperations(b, openapitest.OfSize(400, 1<<20, openapitest.YAML), 400)
}

// JSON takes longer than YAML: kin-openapi decodes every object of a JSON
// document twice, once for its fields and once for its extensions.
func BenchmarkOperations_1MBJSON(b *testing.B) {
	benchmarkOperations(b, openapitest.OfSize(400, 1<<20, openapitest.JSON), 400)
}

func BenchmarkOperations_200Operations(b *testing.B) {
	benchmarkOperations(b, openapitest.YAML(openapitest.Document(200, 3)), 200)
}

func BenchmarkOperations_20Operations(b *testing.B) {
	benchmarkOperations(b, openapitest.YAML(openapitest.Document(20, 3)), 20)
}

func benchmarkOperations(b *testing.B, doc []byte, want int) {
	if ops, err := Operations(doc); err != nil || len(ops) != want {
		b.Fatalf("%d operations, %v; want %d", len(ops), err, want)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Operations(doc); err != nil {
			b.Fatal(err)
		}
	}
}
