package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A read made again once its context's answers replay takes the recorded
// answer, each once, and asks the platform only for what was not recorded.
func TestAnswersReplayEachReadOnce(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte(`{"name":"orders-api","apiType":"REST","routing":{"loadBalanceAlgorithm":"ROUND_ROBIN"}}`))
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var a Answers
	ctx := WithAnswers(context.Background(), &a)
	if _, err := c.GetAPIProxy(ctx, "p", "orders-api"); err != nil {
		t.Fatal(err)
	}
	before, _ := a.Digest()
	a.Replay()
	for want := range []int32{1, 2} {
		px, err := c.GetAPIProxy(ctx, "p", "orders-api")
		if err != nil || px.APIType != "REST" {
			t.Fatal(px, err)
		}
		if got := served.Load(); got != int32(want)+1 {
			t.Fatalf("after read %d the platform served %d requests, want %d", want+2, got, want+1)
		}
	}
	if after, ok := a.Digest(); !ok || a.Len() != 2 || after == before {
		t.Fatalf("answers: %d, digest ok %v, changed %v", a.Len(), ok, after != before)
	}
}
