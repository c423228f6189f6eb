package mockplatform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var (
	versionIDForm = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.acmepaymentscorp$`)
	apiIDForm     = regexp.MustCompile(`^api[0-9]+\.acmepaymentscorp$`)
)

// session is the cookie and CSRF header of the harness's login, plus extra.
func (h *harness) session(extra map[string]string) map[string]string {
	out := map[string]string{
		"Cookie":                        "AtmoAuthToken_acmepaymentscorp=" + h.auth,
		"X-Csrf-Token_acmepaymentscorp": h.csrf,
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func (h *harness) addVersion(apiID, body string) (int, wire.APIVersion) {
	h.t.Helper()
	status, b := h.catalog(http.MethodPost, "/api/apis/"+apiID+"/versions", []byte(body))
	var v wire.APIVersion
	if status == http.StatusOK {
		if err := json.Unmarshal(b, &v); err != nil {
			h.t.Fatalf("add version: %s", b)
		}
	}
	return status, v
}

func (h *harness) versionsList(apiID string) []wire.APIListItem {
	h.t.Helper()
	status, b := h.catalog(http.MethodGet, "/api/apis/"+apiID+"/versions", nil)
	var out wire.APIList
	if status != http.StatusOK || json.Unmarshal(b, &out) != nil {
		h.t.Fatalf("versions of %s: %d %s", apiID, status, b)
	}
	return out.Channel.Item
}

func (h *harness) getAPI(id string) (int, wire.API) {
	h.t.Helper()
	status, b := h.catalog(http.MethodGet, "/api/apis/"+id, nil)
	var api wire.API
	_ = json.Unmarshal(b, &api)
	return status, api
}

func titles(items []wire.APIListItem) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

func TestVersionIDsAreUUIDsAndAPIIDsAreNot(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("ids")
	_, v := h.addVersion(api.APIID, `{"Name":"2.0"}`)
	if !apiIDForm.MatchString(api.APIID) {
		t.Errorf("APIID %q is not api{n}.{tenant}", api.APIID)
	}
	for _, vid := range []string{api.APIVersion.APIVersionID, api.LatestVersionID, v.APIVersionID} {
		if !versionIDForm.MatchString(vid) {
			t.Errorf("APIVersionID %q is not {uuid}.{tenant}", vid)
		}
	}
	if v.APIVersionID == api.APIVersion.APIVersionID {
		t.Fatal("two versions share an ID")
	}
	// Seeded alike, two mocks hand out the same IDs.
	a, b := New(testConfig()), New(testConfig())
	ida, idb := a.seedAPI("x"), b.seedAPI("x")
	if ida != idb || a.APIs()[0].LatestVersionID != b.APIs()[0].LatestVersionID || ida != "api10001.acmepaymentscorp" {
		t.Fatalf("IDs differ between two mocks seeded alike: %s %s", ida, idb)
	}
}

// The life of an API's versions through the §1.5 operations: each add
// becomes the latest, an update keeps the latest, a rename checks names,
// and deletes move the latest and finally take the API.
func TestVersionLifecycle(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("payments")
	first := api.APIVersion.APIVersionID

	status, v11 := h.addVersion(api.APIID, `{"Name":"1.1","Description":"second","Endpoints":{"Endpoint":[{"Uri":"http://p.example.com:80/v1","Category":"Production"}]}}`)
	if status != http.StatusOK || v11.APIID != api.APIID || v11.ProductionEndpoint != "http://p.example.com:80/v1" ||
		v11.Visibility != "Limited" || v11.Type != "shttp" || v11.Tag == nil || v11.Created == "" {
		t.Fatalf("add 1.1: %d %+v", status, v11)
	}
	if _, got := h.getAPI(api.APIID); got.LatestVersionID != v11.APIVersionID || got.APIVersion.Name != "1.1" {
		t.Fatalf("after adding 1.1 the API shows %q (latest %s)", got.APIVersion.Name, got.LatestVersionID)
	}
	_, v20 := h.addVersion(api.APIID, `{"Name":"2.0"}`)
	items := h.versionsList(api.APIID)
	if got := titles(items); strings.Join(got, ",") != "1.0,1.1,2.0" || items[0].GUID != first || items[2].PubDate != v20.Created {
		t.Fatalf("versions list %+v, want 1.0, 1.1, 2.0 oldest first with pubDate", items)
	}

	status, b := h.catalog(http.MethodGet, "/api/apis/versions/"+first, nil)
	var got wire.APIVersion
	if status != http.StatusOK || json.Unmarshal(b, &got) != nil || got.Name != "1.0" || got.APIID != api.APIID {
		t.Fatalf("read 1.0 by ID: %d %s", status, b)
	}

	// Renaming 1.0 keeps its ID and Created and leaves the latest alone.
	status, b = h.catalog(http.MethodPut, "/api/apis/versions/"+first, []byte(`{"Name":"1.0.1","Description":"renamed"}`))
	if status != http.StatusOK || json.Unmarshal(b, &got) != nil || got.APIVersionID != first || got.Name != "1.0.1" || got.Created != api.APIVersion.Created {
		t.Fatalf("rename 1.0: %d %s", status, b)
	}
	if _, a := h.getAPI(api.APIID); a.LatestVersionID != v20.APIVersionID {
		t.Fatalf("an update of an older version moved the latest to %s", a.LatestVersionID)
	}
	if status, b := h.catalog(http.MethodPut, "/api/apis/versions/"+first, []byte(`{"Name":"1.1"}`)); status != http.StatusConflict {
		t.Fatalf("rename onto 1.1: %d %s, want 409", status, b)
	}
	if status, _ := h.catalog(http.MethodPut, "/api/apis/versions/"+v20.APIVersionID, []byte(`{"Name":"2.0","Description":"same name"}`)); status != http.StatusOK {
		t.Fatalf("update keeping its own name: %d", status)
	}

	// Deleting the latest makes the most recently added remaining one latest.
	if status, _, _ := h.do(http.MethodDelete, "/api/apis/versions/"+v20.APIVersionID, nil, h.session(map[string]string{"Accept": "text/plain"})); status != http.StatusOK {
		t.Fatalf("delete 2.0: %d", status)
	}
	if _, a := h.getAPI(api.APIID); a.LatestVersionID != v11.APIVersionID || a.APIVersion.Name != "1.1" {
		t.Fatalf("after deleting the latest, the API shows %q (%s), want 1.1", a.APIVersion.Name, a.LatestVersionID)
	}
	// Deleting an older one leaves the latest as it is.
	if status, _ := h.catalog(http.MethodDelete, "/api/apis/versions/"+first, nil); status != http.StatusOK {
		t.Fatalf("delete 1.0.1: %d", status)
	}
	if _, a := h.getAPI(api.APIID); a.LatestVersionID != v11.APIVersionID {
		t.Fatalf("deleting an older version moved the latest to %s", a.LatestVersionID)
	}
	// Deleting the last version deletes the API.
	if status, _ := h.catalog(http.MethodDelete, "/api/apis/versions/"+v11.APIVersionID, nil); status != http.StatusOK {
		t.Fatalf("delete the last version: %d", status)
	}
	if status, _ := h.getAPI(api.APIID); status != http.StatusNotFound || len(h.srv.APIs()) != 0 {
		t.Fatalf("the API outlived its last version: %d", status)
	}
	if status, _ := h.catalog(http.MethodGet, "/api/apis/"+api.APIID+"/versions", nil); status != http.StatusNotFound {
		t.Fatalf("versions of a deleted API: %d, want 404", status)
	}
}

// Names are unique within one API, not across APIs; PUT /api/apis/{id}
// keeps choosing the version by name.
func TestVersionNamesPerAPI(t *testing.T) {
	h := newHarness(t)
	h.login()
	a, b := h.createMinimal("a"), h.createMinimal("b")
	if status, _ := h.addVersion(a.APIID, `{"Name":"2.0"}`); status != http.StatusOK {
		t.Fatal(status)
	}
	if status, _ := h.addVersion(b.APIID, `{"Name":"2.0"}`); status != http.StatusOK {
		t.Fatalf("the same version name in another API: %d", status)
	}
	if status, _ := h.addVersion(a.APIID, `{"Name":"2.0"}`); status != http.StatusConflict {
		t.Fatalf("a second 2.0 in one API: %d, want 409", status)
	}
	// Replacing 1.0 through the API keeps 2.0 the latest, so GET shows 2.0.
	status, body := h.catalog(http.MethodPut, "/api/apis/"+a.APIID, []byte(`{"Name":"a","APIVersion":{"Name":"1.0","Description":"x"}}`))
	var put wire.API
	_ = json.Unmarshal(body, &put)
	if _, got := h.getAPI(a.APIID); status != http.StatusOK || put.APIVersion.Name != "1.0" || got.APIVersion.Name != "2.0" {
		t.Fatalf("PUT 1.0 through the API: %d, answered %q, GET shows %q", status, put.APIVersion.Name, got.APIVersion.Name)
	}
}

func TestVersionErrors(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("errs")
	vid := api.APIVersion.APIVersionID
	_, other := h.addVersion(api.APIID, `{"Name":"1.1"}`)
	versions := "/api/apis/" + api.APIID + "/versions"
	item := "/api/apis/versions/" + vid
	cases := []struct {
		name, method, path, body string
		header                   map[string]string
		want                     int
		message                  string
	}{
		{"add without a name", "POST", versions, `{"Description":"x"}`, nil, 400, "Name is required"},
		{"add with a blank name", "POST", versions, `{"Name":"  "}`, nil, 400, "Name is required"},
		{"add null", "POST", versions, `null`, nil, 400, "Name is required"},
		{"add not JSON", "POST", versions, `{"Name":`, nil, 400, "invalid APIVersion body"},
		{"add an array", "POST", versions, `[]`, nil, 400, "invalid APIVersion body"},
		{"add a bad visibility", "POST", versions, `{"Name":"2","Visibility":"Secret"}`, nil, 400, "Visibility"},
		{"add a relative endpoint", "POST", versions, `{"Name":"2","Endpoints":{"Endpoint":[{"Uri":"/x","Category":"Production"}]}}`, nil, 400, "Endpoints.Endpoint[0].Uri"},
		{"add an endpoint without category", "POST", versions, `{"Name":"2","Endpoints":{"Endpoint":[{"Uri":"http://x"}]}}`, nil, 400, "Category is required"},
		{"add a bad method", "POST", versions, `{"Name":"2","Operations":{"Operation":[{"Name":"o","Method":"FETCH"}]}}`, nil, 400, "Operations.Operation[0].Method"},
		{"add a bad target", "POST", versions, `{"Name":"2","TargetAPI":{"Endpoints":{"Endpoint":[{"Uri":"ftp://x","Category":"Sandbox"}]}}}`, nil, 400, "TargetAPI.Endpoints.Endpoint[0].Uri"},
		{"add an existing name", "POST", versions, `{"Name":"1.0"}`, nil, 409, "1.0"},
		{"add to no API", "POST", "/api/apis/api1.nope/versions", `{"Name":"2"}`, nil, 404, "api1.nope"},
		{"add a bad body to no API", "POST", "/api/apis/api1.nope/versions", `{}`, nil, 400, "Name is required"},
		{"list of no API", "GET", "/api/apis/api1.nope/versions", ``, nil, 404, "api1.nope"},
		{"read no version", "GET", "/api/apis/versions/nope.acmepaymentscorp", ``, nil, 404, "nope.acmepaymentscorp"},
		{"update no version", "PUT", "/api/apis/versions/nope.acmepaymentscorp", `{"Name":"2"}`, nil, 404, "not found"},
		{"update without a name", "PUT", item, `{"Description":"x"}`, nil, 400, "Name is required"},
		{"update a bad endpoint", "PUT", item, `{"Name":"1.0","Endpoints":{"Endpoint":[{"Uri":"http://x","Category":"Staging"}]}}`, nil, 400, "Category"},
		{"rename onto another", "PUT", item, `{"Name":"1.1"}`, nil, 409, other.APIVersionID},
		{"delete no version", "DELETE", "/api/apis/versions/nope.acmepaymentscorp", ``, nil, 404, "not found"},
		{"PATCH a version", "PATCH", item, `{"Name":"x"}`, nil, 404, "no such resource"},
		{"POST a version item", "POST", item, `{"Name":"x"}`, nil, 404, "no such resource"},
		{"DELETE the versions list", "DELETE", versions, ``, nil, 404, "no such resource"},
		{"trailing slash", "GET", versions + "/", ``, nil, 404, "no such resource"},
		{"no version ID", "GET", "/api/apis/versions/", ``, nil, 404, "no such resource"},
		{"too deep", "GET", item + "/x", ``, nil, 404, "no such resource"},
		{"wrong Content-Type", "POST", versions, `{"Name":"2"}`, map[string]string{"Content-Type": "text/xml"}, 404, "Content-Type"},
		{"text/plain for a read", "GET", item, ``, map[string]string{"Accept": "text/plain"}, 404, "Accept"},
		{"no CSRF header", "POST", versions, `{"Name":"2"}`, map[string]string{"X-Csrf-Token_acmepaymentscorp": "wrong"}, 401, "X-Csrf-Token"},
		{"no session", "GET", versions, ``, map[string]string{"Cookie": ""}, 401, "Login required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			status, b, _ := h.do(tc.method, tc.path, body, h.session(tc.header))
			var e wire.CatalogError
			if status != tc.want || json.Unmarshal(b, &e) != nil || e.Code != tc.want || !strings.Contains(e.Message, tc.message) {
				t.Errorf("%d %s, want %d {Code, Message} with %q", status, b, tc.want, tc.message)
			}
		})
	}
	if n := len(h.srv.APIVersions(api.APIID)); n != 2 {
		t.Fatalf("refused requests changed the versions: %d, want 2", n)
	}
}

// Deleting the latest promotes the version with the latest Created; those
// added in one second are told apart by the order they were added in.
func TestDeleteLatestPromotesTheMostRecentlyAdded(t *testing.T) {
	at := func(sec int) func() time.Time {
		return func() time.Time { return time.Date(2026, 4, 1, 10, 0, sec, 0, time.UTC) }
	}
	cases := []struct {
		name    string
		seconds []int // Created of 1.0, then of each version added
		want    string
	}{
		{"in order", []int{1, 2, 3}, "v1"},
		{"same second", []int{5, 5, 5}, "v1"},
		{"a clock that went back", []int{1, 9, 4, 3}, "v1"},
		{"two left", []int{7, 8}, "1.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := New(testConfig())
			srv.now = at(tc.seconds[0])
			id := srv.seedAPI("tie")
			var last string
			for i, sec := range tc.seconds[1:] {
				srv.now = at(sec)
				last = srv.AddVersion(id, wire.APIVersion{Name: fmt.Sprintf("v%d", i+1)})
			}
			if srv.APIs()[0].LatestVersionID != last {
				t.Fatal("the version added last is not the latest")
			}
			if !srv.DeleteVersion(last) {
				t.Fatal("DeleteVersion found nothing")
			}
			if got := srv.APIs()[0].APIVersion.Name; got != tc.want {
				t.Fatalf("latest after deleting it is %s, want %s", got, tc.want)
			}
		})
	}
}

func TestVersionTestHelpers(t *testing.T) {
	srv := New(testConfig())
	id := srv.seedAPI("helpers")
	vid := srv.AddVersion(id, wire.APIVersion{Name: "2.0", Tag: []string{"b"}})
	if vid == "" || srv.AddVersion(id, wire.APIVersion{Name: "2.0"}) != "" || srv.AddVersion("api1.nope", wire.APIVersion{Name: "x"}) != "" {
		t.Fatal("AddVersion: a new name adds, a taken name or a missing API does not")
	}
	v, ok := srv.APIVersion(vid)
	if !ok || v.APIID != id || v.Type != "shttp" || srv.APIs()[0].LatestVersionID != vid {
		t.Fatalf("APIVersion: %+v %v", v, ok)
	}
	v.Tag[0] = "changed"
	if again, _ := srv.APIVersion(vid); again.Tag[0] != "b" {
		t.Fatal("APIVersion shares its lists with the store")
	}
	first := srv.APIVersions(id)[0].APIVersionID
	if !srv.DeleteVersion(first) || srv.DeleteVersion(first) || len(srv.APIVersions(id)) != 1 {
		t.Fatal("DeleteVersion: deletes once")
	}
	if !srv.DeleteVersion(vid) || len(srv.APIs()) != 0 {
		t.Fatal("DeleteVersion of the last version keeps the API")
	}
}

// A version's answers follow the list rules of the API's (§1.2): null for
// an empty list and any order, when the mock is told so.
func TestVersionAnswersFollowListRules(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.NullEmptyLists, c.ReverseLists = true, true })
	h.login()
	api := h.createMinimal("lists")
	_, b := h.catalog(http.MethodPost, "/api/apis/"+api.APIID+"/versions", []byte(`{"Name":"2","Tag":["a","b"]}`))
	if !strings.Contains(string(b), `"Tag":["b","a"]`) || !strings.Contains(string(b), `"Endpoint":null`) {
		t.Fatalf("add answered %s", b)
	}
	_, b = h.catalog(http.MethodGet, "/api/apis/versions/"+api.APIVersion.APIVersionID, nil)
	if !strings.Contains(string(b), `"Tag":null`) {
		t.Fatalf("read answered %s", b)
	}
	// The versions list keeps its promised order, oldest first.
	if got := titles(h.versionsList(api.APIID)); strings.Join(got, ",") != "1.0,2" {
		t.Fatalf("versions list %v", got)
	}
}

// tryDo is harness.do for requests that may fail on the client's side.
func (h *harness) tryDo(client *http.Client, method, path string, body []byte) (int, error) {
	req, err := http.NewRequest(method, h.url+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h.session(nil) {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer func() { _ = resp.Body.Close() }()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return resp.StatusCode, err
	}
	return resp.StatusCode, nil
}

// A POST whose answer is lost has added the version all the same, and the
// versions list finds it by name (wire/PROTOCOL.md §3).
func TestLostAnswerToAddVersionStillAddsIt(t *testing.T) {
	for name, fault := range map[string]Fault{"dropped": {DropAfter: true}, "cut off": {CutAnswer: true}} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.login()
			api := h.createMinimal("lost")
			h.srv.InjectFaults(http.MethodPost, "/api/apis/"+api.APIID+"/versions", fault)
			if _, err := h.tryDo(http.DefaultClient, http.MethodPost, "/api/apis/"+api.APIID+"/versions", []byte(`{"Name":"2.0"}`)); err == nil {
				t.Fatal("the answer was not lost")
			}
			if got := titles(h.versionsList(api.APIID)); strings.Join(got, ",") != "1.0,2.0" {
				t.Fatalf("versions after a lost answer: %v", got)
			}
			if h.srv.FaultsInjected() != 1 || h.srv.CountRequests(http.MethodPost, "/api/apis/"+api.APIID+"/versions") != 1 {
				t.Fatal("the fault was not applied once, or the request not recorded")
			}
		})
	}
}

func TestVersionRoutesInStats(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("stats")
	_, v := h.addVersion(api.APIID, `{"Name":"2"}`)
	h.versionsList(api.APIID)
	h.catalog(http.MethodGet, "/api/apis/versions/"+v.APIVersionID, nil)
	h.catalog(http.MethodPut, "/api/apis/versions/"+v.APIVersionID, []byte(`{"Name":"3"}`))
	h.catalog(http.MethodDelete, "/api/apis/versions/"+v.APIVersionID, nil)
	h.getAPI(api.APIID)
	stats := h.srv.Stats()
	for route, n := range map[string]int{
		"POST /api/apis/{id}/versions": 1, "GET /api/apis/{id}/versions": 1, "GET /api/apis/versions/{vid}": 1,
		"PUT /api/apis/versions/{vid}": 1, "DELETE /api/apis/versions/{vid}": 1, "GET /api/apis/{id}": 1, "POST /api/apis": 1,
	} {
		if stats[route] != n {
			t.Errorf("Stats()[%q] = %d, want %d (all: %v)", route, stats[route], n, stats)
		}
	}
}

// Adds of the same names race: each name is added once, the rest are 409.
func TestConcurrentVersionAdds(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("race")
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _ := h.catalog(http.MethodPost, "/api/apis/"+api.APIID+"/versions", []byte(fmt.Sprintf(`{"Name":"v%d"}`, i%10)))
			if i%3 == 0 {
				h.versionsList(api.APIID)
			}
			mu.Lock()
			codes[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	versions := h.srv.APIVersions(api.APIID)
	if codes[http.StatusOK] != 10 || codes[http.StatusConflict] != 20 || len(versions) != 11 {
		t.Fatalf("answers %v, %d versions; want 10 added, 20 conflicts, 11 versions", codes, len(versions))
	}
	if h.srv.APIs()[0].LatestVersionID != versions[10].APIVersionID {
		t.Fatal("the latest is not the version added last")
	}
}
