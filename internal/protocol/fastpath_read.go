package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"
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
// make (readFetchers, which call the Read's own helpers) through a client
// context that records the answers (client.Answers). When the state and
// the answers are those of the record, the framework would return the
// state, private state and identity as they are, and so does the fast
// read. Otherwise the framework reads as always, and its reads take the
// recorded answers: the platform sees the same requests either way.
//
// Terraform keeps a refresh's private state when it saves the refreshed
// state (apply, or apply -refresh-only), not after a plan: a state that
// has never been refreshed and saved is read the normal way.

// readRecordKey is the provider's key in the framework's private state.
const readRecordKey = "platform_read"

// readStamp changes whenever what a Read returns for the same state and
// answers may change: a record written by other code is not relied on. The
// release version alone would not do for development builds, all "dev",
// so the stamp also carries a digest of the binary itself (reading a 30 MB
// provider once per process takes about 20 ms, and only a refresh does).
func (f *fastPaths) readStamp() string { return "read/1 " + f.provider.version + " " + buildID() }

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

// readFetchers make, per resource type, the reads its Read makes for the
// state, with its own helpers, and stop where it would. They return false
// when the Read would make none (a credential missing or unknown), having
// made none either.
var readFetchers = map[string]func(ctx context.Context, d *providerData, state tftypes.Value) bool{
	"platform_api":           fetchAPI,
	"platform_api_version":   fetchAPIVersion,
	"platform_proxy_routing": fetchRouting,
}

func fetchAPI(ctx context.Context, d *providerData, state tftypes.Value) bool {
	c, ok, diags := d.catalog()
	id, known := stringAttr(state, "id")
	if !ok || len(diags) > 0 || !known {
		return false
	}
	api, err := c.GetAPI(ctx, id)
	if err != nil {
		return true
	}
	versionID := types.StringNull()
	if vid, ok := stringAttr(state, "version_id"); ok {
		versionID = types.StringValue(vid)
	}
	_, _ = ownVersion(ctx, c, api, versionID)
	return true
}

func fetchAPIVersion(ctx context.Context, d *providerData, state tftypes.Value) bool {
	c, ok, diags := d.catalog()
	id, known := stringAttr(state, "id")
	if !ok || len(diags) > 0 || !known {
		return false
	}
	_, _ = c.GetVersion(ctx, id)
	return true
}

func fetchRouting(ctx context.Context, d *providerData, state tftypes.Value) bool {
	c, ok, diags := d.apiops()
	project, ok1 := stringAttr(state, "project_name")
	proxy, ok2 := stringAttr(state, "api_proxy_name")
	if !ok || len(diags) > 0 || !ok1 || !ok2 {
		return false
	}
	px, err := c.GetAPIProxy(ctx, project, proxy)
	if err != nil || px.APIType == aiProxyType {
		return true
	}
	envs, ok := environmentsOf(attrOf(state, "deploy_environments"))
	if !ok {
		return true
	}
	_, _ = liveEnvironments(ctx, c, project, proxy, px, envs)
	return true
}

// environmentsOf is a set of strings as the model holds it.
func environmentsOf(v tftypes.Value) (types.Set, bool) {
	if v.IsNull() {
		return types.SetNull(types.StringType), true
	}
	var elems []tftypes.Value
	if v.As(&elems) != nil {
		return types.Set{}, false
	}
	names := make([]string, 0, len(elems))
	for _, e := range elems {
		var s string
		if e.As(&s) != nil {
			return types.Set{}, false
		}
		names = append(names, s)
	}
	return environmentSet(names), true
}

// fastRead is one ReadResource on its way through the fast read.
type fastRead struct {
	f       *fastPaths
	ft      *fastType
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
// handle.
func (f *fastPaths) beginRead(ctx context.Context, req *tfprotov6.ReadResourceRequest) *fastRead {
	ft := f.typeOf(ctx, req.TypeName)
	if ft == nil || readFetchers[ft.name] == nil {
		return nil
	}
	r := &fastRead{f: f, ft: ft, req: req, answers: &client.Answers{}}
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
	resp := r.tryAnswer()
	if resp != nil {
		r.f.stats.readTaken.Add(1)
		return resp
	}
	r.f.stats.readDeclined.Add(1)
	r.answers.Replay()
	return nil
}

func (r *fastRead) tryAnswer() *tfprotov6.ReadResourceResponse {
	d := r.f.data()
	rec, ok := r.record()
	if r.f.off || d == nil || !ok || rec.State != digest(r.ft.name, r.state) {
		return nil
	}
	identity, ok := r.identity(rec)
	if !ok || !readFetchers[r.ft.name](r.ctx, d, r.state) {
		return nil
	}
	if sum, ok := r.answers.Digest(); !ok || hex.EncodeToString(sum[:]) != rec.Answers {
		return nil
	}
	state, ok := encodeValue(r.ft.typ, r.state)
	if !ok {
		return nil
	}
	resp := &tfprotov6.ReadResourceResponse{NewState: state, Private: r.private.encode()}
	if r.ft.identity != nil {
		id, ok := encodeValue(*r.ft.identity, identity)
		if !ok {
			return nil
		}
		resp.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: id}
	}
	return resp
}

// record is the read record of the private state, when there is one this
// code wrote and the state and private state are ones it applies to.
func (r *fastRead) record() (readRecord, bool) {
	var rec readRecord
	raw, ok := r.private[readRecordKey]
	if !r.stateOK || !r.privateOK || !ok || json.Unmarshal(raw, &rec) != nil {
		return rec, false
	}
	return rec, rec.Stamp == r.f.readStamp()
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
	if resp == nil || len(resp.Diagnostics) > 0 || resp.Deferred != nil || !r.stateOK || !r.privateOK || r.f.data() == nil {
		return
	}
	state, ok := decodeValue(resp.NewState, r.ft.typ)
	sum, answered := r.answers.Digest()
	if !ok || !state.Equal(r.state) || !answered || r.answers.Len() == 0 {
		return
	}
	rec := readRecord{Stamp: r.f.readStamp(), State: digest(r.ft.name, r.state), Answers: hex.EncodeToString(sum[:])}
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
	private[readRecordKey] = raw
	resp.Private = private.encode()
}
