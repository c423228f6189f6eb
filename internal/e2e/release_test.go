package e2e

import (
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"

	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
)

// release is what make release-snapshot wrote to dist/.
type release struct {
	dir     string
	version string
	sums    string            // the SHA256SUMS file's name
	zips    map[string]string // zip name: its SHA-256, from SHA256SUMS
}

// zipName is the release's zip for a platform such as "linux_amd64".
func (r release) zipName(platform string) string {
	return fmt.Sprintf("terraform-provider-platform_%s_%s.zip", r.version, platform)
}

// findRelease reads dist/'s SHA256SUMS, or skips: make test does not build
// releases, make test-release does.
func findRelease(t *testing.T) release {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "dist")
	sums, _ := filepath.Glob(filepath.Join(dir, "terraform-provider-platform_*_SHA256SUMS"))
	if len(sums) != 1 {
		t.Skip("dist/ holds no release: make test-release builds one and runs this test")
	}
	name := filepath.Base(sums[0])
	r := release{
		dir:     dir,
		version: strings.TrimSuffix(strings.TrimPrefix(name, "terraform-provider-platform_"), "_SHA256SUMS"),
		sums:    name,
		zips:    map[string]string{},
	}
	f, err := os.Open(sums[0])
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sum, file, ok := strings.Cut(sc.Text(), "  "); ok && strings.HasSuffix(file, ".zip") {
			r.zips[file] = sum
		}
	}
	if _, ok := r.zips[r.zipName(hostPlatform)]; !ok {
		t.Fatalf("%s lists no %s", name, r.zipName(hostPlatform))
	}
	return r
}

const hostPlatform = runtime.GOOS + "_" + runtime.GOARCH

// The release installs as a team's runners install it. A developer's
// terraform init gets it from a registry (dist/ served over the provider
// registry protocol, SHA256SUMS signed) and records in the lock file the
// zh: hash of every zip in SHA256SUMS; terraform providers mirror copies it
// into a filesystem mirror; a runner with only that mirror and the committed
// lock file installs it, checked against those hashes, and applies, plans
// clean and destroys the demo against the mock platform. A zip that differs
// from the release is refused. make test-release runs this with terraform
// and with OpenTofu.
func TestReleaseInstallsFromMirror(t *testing.T) {
	r := findRelease(t)
	// The demo waits for live routes, which only the current release tells.
	p := newPlatform(t, func(c *mockplatform.Config) { c.LatestManager = true })
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	demo, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", "demo", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	config := strings.Replace(string(demo), `source = "apiplatform/platform"`,
		fmt.Sprintf("source  = \"apiplatform/platform\"\n      version = %q", r.version), 1)
	run := func(dir string, env []string, args ...string) string {
		t.Helper()
		code, out := p.terraform(t, dir, env, args...)
		if code != 0 {
			t.Fatalf("%s exited %d:\n%s", strings.Join(args, " "), code, out)
		}
		return out
	}

	// The developer, who reaches the registry.
	dev := t.TempDir()
	writeDemo(t, dev, config)
	devEnv := serveRegistry(t, r, host)
	run(dev, devEnv, "init", "-input=false")
	lock := readLock(t, dev)
	for zip, sum := range r.zips {
		if !strings.Contains(lock, `"zh:`+sum+`"`) {
			t.Errorf("the lock file does not record zh:%s of %s from %s", sum, zip, r.sums)
		}
	}
	if !strings.Contains(lock, `"h1:`) {
		t.Errorf("the lock file records no h1: hash:\n%s", lock)
	}
	t.Logf("lock file:\n%s", lock)
	mirror := t.TempDir()
	// The helpers append -no-color, which providers mirror takes for a
	// second directory.
	cmd := ws.Command(context.Background(), dev, ws.Env(p.mock, devEnv...),
		"providers", "mirror", "-platform="+hostPlatform, "-platform=windows_amd64", mirror)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform providers mirror: %v\n%s", err, out)
	}
	for _, platform := range []string{hostPlatform, "windows_amd64"} {
		if _, err := os.Stat(filepath.Join(mirror, host, "apiplatform", "platform", r.zipName(platform))); err != nil {
			t.Errorf("terraform providers mirror wrote no %s: %v", r.zipName(platform), err)
		}
	}

	// The runner, which reaches only the mirror and has the lock file.
	runnerEnv := mirrorConfig(t, mirror, host)
	runner := t.TempDir()
	writeDemo(t, runner, config)
	writeFile(t, filepath.Join(runner, ".terraform.lock.hcl"), lock)
	run(runner, runnerEnv, "init", "-input=false")
	if got := readLock(t, runner); got != lock {
		t.Errorf("init from the mirror changed the lock file:\n%s", got)
	}
	run(runner, runnerEnv, "apply", "-auto-approve", "-input=false")
	if code, out := p.terraform(t, runner, runnerEnv, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after apply exited %d:\n%s", code, out)
	}
	run(runner, runnerEnv, "destroy", "-auto-approve", "-input=false")
	if n := len(p.APIs()); n != 0 {
		t.Fatalf("%d APIs left after destroy", n)
	}

	// A runner whose mirror holds a zip with another binary in it.
	tamperZip(t, filepath.Join(mirror, host, "apiplatform", "platform", r.zipName(hostPlatform)))
	other := t.TempDir()
	writeDemo(t, other, config)
	writeFile(t, filepath.Join(other, ".terraform.lock.hcl"), lock)
	code, out := p.terraform(t, other, runnerEnv, "init", "-input=false")
	if code == 0 || !strings.Contains(out, "checksums previously recorded in the dependency lock file") {
		t.Fatalf("init installed a zip that differs from the release (exit %d):\n%s", code, out)
	}
	t.Logf("init with a changed zip:\n%s", out)
}

// tamperZip rewrites a zip with the last byte of each file changed.
func tamperZip(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = zr.Close() }()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil || len(b) == 0 {
			t.Fatalf("reading %s in %s: %v", f.Name, path, err)
		}
		b[len(b)-1] ^= 0xff
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, ExternalAttrs: f.ExternalAttrs})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.String())
}

func readLock(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mirrorConfig writes a CLI configuration that installs the provider only
// from the filesystem mirror, as in the README, and returns the environment
// that uses it.
func mirrorConfig(t *testing.T, mirror, host string) []string {
	t.Helper()
	rc := filepath.Join(t.TempDir(), "mirror.tfrc")
	writeFile(t, rc, fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["%s/apiplatform/platform"]
  }
  direct {
    exclude = ["%s/apiplatform/platform"]
  }
}
`, mirror, host, host))
	return []string{"TF_CLI_CONFIG_FILE=" + rc}
}

// serveRegistry serves dist/ over the provider registry protocol, as the
// public registry serves a release, with SHA256SUMS signed by a key made for
// the test. It returns the environment that makes the CLI use it for host:
// a CLI configuration whose host block points providers.v1 there, and the
// server's certificate as the only trusted one.
func serveRegistry(t *testing.T, r release, host string) []string {
	t.Helper()
	key, err := openpgp.NewEntity("terraform-provider-platform test", "", "test@example.invalid", nil)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(r.dir, r.sums))
	if err != nil {
		t.Fatal(err)
	}
	var sig, pub bytes.Buffer
	if err := openpgp.DetachSign(&sig, key, bytes.NewReader(sums), nil); err != nil {
		t.Fatal(err)
	}
	w, err := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := key.Serialize(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	reg := &registry{release: r, protocols: manifestProtocols(t), signature: sig.Bytes(),
		keyID: fmt.Sprintf("%016X", key.PrimaryKey.KeyId), publicKey: pub.String()}
	srv := httptest.NewTLSServer(reg)
	t.Cleanup(srv.Close)
	reg.base = srv.URL

	cert := filepath.Join(t.TempDir(), "registry.pem")
	writeFile(t, cert, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	rc := filepath.Join(t.TempDir(), "registry.tfrc")
	writeFile(t, rc, fmt.Sprintf(`host %q {
  services = {
    "providers.v1" = "%s/v1/providers/"
  }
}
`, host, srv.URL))
	return []string{"TF_CLI_CONFIG_FILE=" + rc, "SSL_CERT_FILE=" + cert}
}

// manifestProtocols reads the protocol versions the registry manifest
// declares, which the registry reports for every version.
func manifestProtocols(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "terraform-registry-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m.Metadata.ProtocolVersions
}

// registry answers the provider registry protocol for apiplatform/platform.
type registry struct {
	release
	base      string
	protocols []string
	signature []byte
	keyID     string
	publicKey string
}

const registryPrefix = "/v1/providers/apiplatform/platform/"

func (g *registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	path := req.URL.Path
	switch {
	case path == registryPrefix+"versions":
		g.versions(w)
	case strings.HasPrefix(path, registryPrefix+g.version+"/download/"):
		g.download(w, strings.TrimPrefix(path, registryPrefix+g.version+"/download/"))
	case path == "/files/"+g.sums+".sig":
		_, _ = w.Write(g.signature)
	case strings.HasPrefix(path, "/files/"):
		http.ServeFile(w, req, filepath.Join(g.dir, filepath.Base(path)))
	default:
		http.NotFound(w, req)
	}
}

type registryPlatform struct {
	OS   string `json:"os"`
	Arch string `json:"arch"`
}

func (g *registry) platforms() []registryPlatform {
	var out []registryPlatform
	prefix := "terraform-provider-platform_" + g.version + "_"
	for zip := range g.zips {
		os, arch, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(zip, prefix), ".zip"), "_")
		out = append(out, registryPlatform{OS: os, Arch: arch})
	}
	return out
}

func (g *registry) versions(w http.ResponseWriter) {
	writeJSON(w, map[string]any{"versions": []map[string]any{{
		"version": g.version, "protocols": g.protocols, "platforms": g.platforms(),
	}}})
}

func (g *registry) download(w http.ResponseWriter, platform string) {
	zip := g.zipName(strings.Replace(platform, "/", "_", 1))
	sum, ok := g.zips[zip]
	if !ok {
		http.NotFound(w, nil)
		return
	}
	os, arch, _ := strings.Cut(platform, "/")
	writeJSON(w, map[string]any{
		"protocols":             g.protocols,
		"os":                    os,
		"arch":                  arch,
		"filename":              zip,
		"download_url":          g.base + "/files/" + zip,
		"shasums_url":           g.base + "/files/" + g.sums,
		"shasums_signature_url": g.base + "/files/" + g.sums + ".sig",
		"shasum":                sum,
		"signing_keys": map[string]any{"gpg_public_keys": []map[string]string{{
			"key_id": g.keyID, "ascii_armor": g.publicKey,
		}}},
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// writeDemo writes the demo's configuration into dir, with the OpenAPI
// documents it reads.
func writeDemo(t *testing.T, dir, config string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "main.tf"), config)
	docs, _ := filepath.Glob(filepath.Join(repoRoot(t), "examples", "demo", "*.yaml"))
	if len(docs) == 0 {
		t.Fatal("the demo has no OpenAPI documents")
	}
	for _, d := range docs {
		doc, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, filepath.Base(d)), string(doc))
	}
}
