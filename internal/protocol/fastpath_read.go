package protocol

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// The fast read rests on one fact about a resource's Read: what it returns
// is a function of the state it is given and the platform's answers to the
// reads it makes (its identity is a function of the state, its private
// state is what it was given). So when a Read returned the very state it
// was given, with no diagnostic, that pair (state, answers) is a fixed
// point, and the provider writes a record of it into the private state:
// digests of the state, of the answers and of the identity it returned,
// and a stamp of the code that computed it.
//
// The next ReadResource makes the same reads the resource's Read would
// make (its FetchReads, which calls what its Read calls) through a client
// context that records the answers (client.Answers). When the state and
// the answers are those of the record, the framework would return the
// state, private state and identity as they are, and so does the fast
// read. Otherwise the framework reads as always, and its reads take the
// recorded answers: the platform sees the same requests either way.
//
// Terraform keeps a refresh's private state when it saves the refreshed
// state (apply, or apply -refresh-only), not after a plan: a state that
// has never been refreshed and saved is read the normal way.

// ReadRecordKey is the key of the read record in the framework's private
// state: about 590 bytes per resource in the saved state.
const ReadRecordKey = "platform_read"

// readStamp changes whenever what a Read returns for the same state and
// answers may change: a record written by other code is not relied on. The
// release version alone would not do for development builds, all "dev",
// so the stamp also carries a digest of the binary itself (reading a 30 MB
// provider once per process takes about 20 ms, and only a refresh does).
func (f *fastPaths) readStamp(ctx context.Context) string {
	f.stampOnce.Do(func() {
		var meta provider.MetadataResponse
		f.provider.Metadata(ctx, provider.MetadataRequest{}, &meta)
		f.stamp = "read/1 " + meta.Version + " " + buildID()
	})
	return f.stamp
}

var buildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	file, err := os.Open(exe) //nolint:gosec // this very program
	if err != nil {
		return ""
	}
	defer func() { _ = file.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, file); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

type readRecord struct {
	Stamp    string `json:"v"`
	State    string `json:"state"`
	Answers  string `json:"answers"`
	Identity string `json:"identity"`
}

// fastRead is one ReadResource on its way through the fast read.
type fastRead struct {
	f       *fastPaths
	ft      *fastType
	fetcher ReadFetcher // nil when the provider is not configured
	req     *tfprotov6.ReadResourceRequest
	ctx     context.Context // records, then replays, the platform's answers
	answers *client.Answers
	state   tftypes.Value
	stateOK bool
	private privateState
	// privateOK is false for a private state the framework would not pass
	// on as it came: undecodable, or with a key of the framework's own.
	privateOK bool
}

// beginRead starts req through the fast read; nil for a type it does not
// handle, or with the fast paths off.
func (f *fastPaths) beginRead(ctx context.Context, req *tfprotov6.ReadResourceRequest) *fastRead {
	ft := f.typeOf(ctx, req.TypeName)
	if ft == nil || !f.recording() {
		return nil
	}
	if !ft.fetches {
		return nil
	}
	r := &fastRead{f: f, ft: ft, req: req, answers: &client.Answers{}}
	r.fetcher, _ = f.resource(ctx, ft).(ReadFetcher)
	r.ctx = client.WithAnswers(ctx, r.answers)
	r.state, r.stateOK = decodeValue(req.CurrentState, ft.typ)
	r.stateOK = r.stateOK && !r.state.IsNull() && r.state.IsFullyKnown()
	r.private, r.privateOK = decodePrivate(req.Private)
	r.privateOK = r.privateOK && !r.private.frameworkKeys()
	return r
}

// answer is the fast read's answer, or nil to let the framework read; the
// reads it made are then replayed to the framework's.
func (r *fastRead) answer() *tfprotov6.ReadResourceResponse {
	if !r.f.taking() {
		return nil
	}
	resp, why := r.tryAnswer()
	r.f.decided(r.ctx, rpcRead, r.ft.name, why)
	if resp == nil {
		r.answers.Replay()
	}
	return resp
}

func (r *fastRead) tryAnswer() (*tfprotov6.ReadResourceResponse, string) {
	rec, ok := r.record()
	switch {
	case r.fetcher == nil:
		return nil, "the provider is not configured"
	case !ok:
		return nil, "no read record of this build in the private state"
	case rec.State != digest(r.ft.name, r.state):
		return nil, "the state is not the one the record describes"
	}
	identity, ok := r.identity(rec)
	if !ok {
		return nil, "the identity is not the one the record describes"
	}
	if !r.fetcher.FetchReads(r.ctx, tfsdk.State{Raw: r.state, Schema: r.ft.schema}) {
		return nil, "its Read would make no request"
	}
	if sum, ok := r.answers.Digest(); !ok || hex.EncodeToString(sum[:]) != rec.Answers {
		return nil, "the platform's answers differ from the recorded ones"
	}
	state, ok := encodeValue(r.ft.typ, r.state)
	if !ok {
		return nil, "the state does not encode"
	}
	resp := &tfprotov6.ReadResourceResponse{NewState: state, Private: r.private.encode()}
	if r.ft.identity != nil {
		id, ok := encodeValue(*r.ft.identity, identity)
		if !ok {
			return nil, "the identity does not encode"
		}
		resp.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: id}
	}
	return resp, ""
}

// record is the read record of the private state, when there is one this
// code wrote and the state and private state are ones it applies to.
func (r *fastRead) record() (readRecord, bool) {
	var rec readRecord
	raw, ok := r.private[ReadRecordKey]
	if !r.stateOK || !r.privateOK || !ok || json.Unmarshal(raw, &rec) != nil {
		return rec, false
	}
	return rec, rec.Stamp == r.f.readStamp(r.ctx)
}

// identity is the identity the recorded Read returned, rebuilt from the
// state's attributes of the same names and checked against the record's
// digest. The framework refuses a Read whose identity differs from a
// request's identity that is not wholly null, so such a request is left
// to it.
func (r *fastRead) identity(rec readRecord) (tftypes.Value, bool) {
	if r.ft.identity == nil {
		return tftypes.Value{}, rec.Identity == "" && (r.req.CurrentIdentity == nil || r.req.CurrentIdentity.IdentityData == nil)
	}
	attrs := make(map[string]tftypes.Value, len(r.ft.identity.AttributeTypes))
	for name := range r.ft.identity.AttributeTypes {
		v := attrOf(r.state, name)
		if v.Type() == nil || !v.Type().Equal(r.ft.identity.AttributeTypes[name]) {
			return tftypes.Value{}, false
		}
		attrs[name] = v
	}
	candidate := tftypes.NewValue(*r.ft.identity, attrs)
	if digest(r.ft.name+" identity", candidate) != rec.Identity {
		return tftypes.Value{}, false
	}
	given, ok := r.ft.identityOf(r.req.CurrentIdentity)
	if !ok || (!given.IsFullyNull() && !given.Equal(candidate)) {
		return tftypes.Value{}, false
	}
	return candidate, true
}

// remember writes the read record into the framework's answer when its Read
// returned the state it was given, with no diagnostic.
func (r *fastRead) remember(resp *tfprotov6.ReadResourceResponse) {
	if resp == nil || len(resp.Diagnostics) > 0 || resp.Deferred != nil || !r.stateOK || !r.privateOK || r.fetcher == nil {
		return
	}
	state, ok := decodeValue(resp.NewState, r.ft.typ)
	sum, answered := r.answers.Digest()
	if !ok || !state.Equal(r.state) || !answered || r.answers.Len() == 0 {
		return
	}
	rec := readRecord{Stamp: r.f.readStamp(r.ctx), State: digest(r.ft.name, r.state), Answers: hex.EncodeToString(sum[:])}
	if r.ft.identity != nil {
		if resp.NewIdentity == nil {
			return
		}
		identity, ok := decodeValue(resp.NewIdentity.IdentityData, *r.ft.identity)
		if !ok {
			return
		}
		rec.Identity = digest(r.ft.name+" identity", identity)
	}
	private, ok := decodePrivate(resp.Private)
	raw, err := json.Marshal(rec)
	if !ok || err != nil {
		return
	}
	if private == nil {
		private = privateState{}
	}
	private[ReadRecordKey] = raw
	resp.Private = private.encode()
}
