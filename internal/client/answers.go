package client

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"sync"
)

// Answers records the platform's answers to the reads made with a context
// that carries it (WithAnswers), and, once Replay is called, hands each of
// them once to the same read made again, instead of asking the platform a
// second time. The provider's refresh uses it to look at what the platform
// answers before deciding how to handle a read, without changing the
// requests a read sends. Only GETs are recorded: a write is never replayed.
type Answers struct {
	mu     sync.Mutex
	replay bool
	list   []recorded
}

type recorded struct {
	method, path string
	resp         *response
	err          error
	used         bool
}

type answersKey struct{}

// WithAnswers returns ctx whose reads a records.
func WithAnswers(ctx context.Context, a *Answers) context.Context {
	return context.WithValue(ctx, answersKey{}, a)
}

// Replay makes the reads of a's context take the recorded answers.
func (a *Answers) Replay() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.replay = true
}

// Len is how many answers a holds.
func (a *Answers) Len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.list)
}

// Digest sums every answer a holds, in the order they came: each request's
// method and path, and the answer's status and body, which are all that is
// read of an answer (decode). ok is false when a request got no answer.
func (a *Answers) Digest() (sum [sha256.Size]byte, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	h := sha256.New()
	for _, r := range a.list {
		if r.err != nil || r.resp == nil {
			return sum, false
		}
		for _, part := range [][]byte{[]byte(r.method), []byte(r.path), binary.BigEndian.AppendUint32(nil, uint32(r.resp.status)), r.resp.body} { //nolint:gosec // an HTTP status
			h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(part))))
			h.Write(part)
		}
	}
	copy(sum[:], h.Sum(nil))
	return sum, true
}

// answered is the answer to the read cl: the recorded one when replaying,
// else fetch's, recorded.
func answered(ctx context.Context, cl call, fetch func() (*response, error)) (*response, error) {
	a, _ := ctx.Value(answersKey{}).(*Answers)
	if a == nil || cl.method != http.MethodGet {
		return fetch()
	}
	if r, ok := a.take(cl); ok {
		return r.resp, r.err
	}
	resp, err := fetch()
	a.mu.Lock()
	a.list = append(a.list, recorded{method: cl.method, path: cl.path, resp: resp, err: err, used: a.replay})
	a.mu.Unlock()
	return resp, err
}

func (a *Answers) take(cl call) (recorded, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.replay {
		return recorded{}, false
	}
	for i := range a.list {
		r := &a.list[i]
		if !r.used && r.method == cl.method && r.path == cl.path {
			r.used = true
			return *r, true
		}
	}
	return recorded{}, false
}
