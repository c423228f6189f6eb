// Command mockplatform runs the mock platform on a loopback address so that
// the provider can be tried by hand, demoed and benchmarked.
//
//	go run ./internal/cmd/mockplatform -listen 127.0.0.1:8080 -seed seed.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

func main() {
	if err := run(); err != nil {
		log.Fatalf("mockplatform: %v", err)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free port)")
	seed := flag.String("seed", "", "JSON seed file of tenant, users, tokens, projects, proxies and APIs, as examples/mock/README.md describes it "+
		"(default: the demo platform the docs use, examples/mock/seed.json)")
	urlFile := flag.String("url-file", "", "write the URL to this file once listening (for scripts)")
	manager := flag.String("manager", "", "manager variant of the /apiops/ answers: classic, newer (wrapped answers, 400 for missing things) "+
		"or latest (the vendor's current release: also no soapType in answers, status envelopes, PATCH only, "+
		"address roles and health monitoring, deploymentList, route-health); default: the seed's")
	pickup := flag.Int("route-pickup-polls", 0, "latest manager: route-health polls after a deployment that still find it not live on every gateway pod "+
		"(0: the seed's, else 2; negative: the pods never pick it up)")
	pods := flag.Int("gateway-pods", 0, "latest manager: gateway pods answering route-health (0: the seed's, else 3; negative: none answer)")
	var latency latencyFlag
	flag.Var(&latency, "latency", "delay each request matching a `rule` before handling it; repeatable or comma-separated: 200ms (every request), /apiops/=1s (a path prefix), "+
		"'POST /api/apis=3s' (a method and prefix); the longest prefix wins, and a request whose client gave up is still carried out")
	withParent := flag.Bool("exit-with-parent", true, "stop when the process that started the mock (make, go run, a script) goes away, "+
		"so that killing it does not leave the mock running")
	var estate mockplatform.Estate
	flag.IntVar(&estate.APIs, "estate-apis", 0, "add this many generated APIs of varied shapes (a platform to onboard)")
	flag.IntVar(&estate.Proxies, "estate-proxies", 0, "add this many generated API proxies, REST and SOAP, with varied routing")
	flag.IntVar(&estate.Projects, "estate-projects", 3, "spread the generated proxies over this many projects")
	flag.IntVar(&estate.AIProxies, "estate-ai-proxies", 0, "add this many AI proxies (LLM gateways), whose routing is refused")
	var ff faultFlags
	ff.register()
	flag.Usage = usage
	flag.Parse()

	cfg := mockplatform.DemoConfig()
	if *seed != "" {
		var err error
		if cfg, err = mockplatform.LoadConfig(*seed); err != nil {
			return err
		}
	}
	if estate.APIs > 0 || estate.Proxies > 0 || estate.AIProxies > 0 {
		cfg.Estate = &estate
	}
	if err := setManager(&cfg, *manager); err != nil {
		return err
	}
	if *pickup != 0 {
		cfg.RoutePickupPolls = *pickup
	}
	if *pods != 0 {
		cfg.GatewayPods = *pods
	}
	cfg.Latency = append(cfg.Latency, latency...)
	ln, err := listenLoopback(*listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}
	printBanner(url, cfg)

	mock := mockplatform.New(cfg)
	mock.LogEvents(os.Stdout)
	if err := ff.apply(mock); err != nil {
		return err
	}
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *withParent {
		ctx = watchParent(ctx, os.Getppid(), parentPoll)
	}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parentPoll is how often the mock looks whether its parent is still there.
const parentPoll = 250 * time.Millisecond

// watchParent returns a context that ends with ctx, or once the process's
// parent is no longer ppid: an orphan is adopted by another process (init,
// or a subreaper). make, go run and shells do not always pass a kill on to
// their children; this way a mock started by one of them goes with it. A
// parent that is PID 1 already cannot go away, and is not watched.
func watchParent(ctx context.Context, ppid int, every time.Duration) context.Context {
	if ppid <= 1 {
		return ctx
	}
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if os.Getppid() != ppid {
					log.Printf("mockplatform: the process that started it (PID %d) is gone; stopping", ppid)
					return
				}
			}
		}
	}()
	return ctx
}

// listenLoopback refuses anything but a loopback address: the mock has
// well-known demo credentials.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-listen %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("-listen %q: only loopback addresses are allowed", addr)
	}
	return net.Listen("tcp", addr)
}

func setManager(cfg *mockplatform.Config, manager string) error {
	switch manager {
	case "":
	case "classic":
		cfg.NewerManager, cfg.PatchOnly, cfg.LatestManager = false, false, false
	case "newer":
		cfg.NewerManager = true
	case "latest":
		cfg.LatestManager = true
	default:
		return fmt.Errorf("-manager %q: want classic, newer or latest", manager)
	}
	return nil
}

func usage() {
	out := flag.CommandLine.Output()
	_, _ = fmt.Fprintf(out, `Usage: mockplatform [flags]

Serves the mock platform (the API catalog under /api/ and the API proxy
operations under /apiops/, as internal/wire/PROTOCOL.md describes them) on a
loopback address, seeded with a demo tenant or a -seed file (the JSON form of
mockplatform.Config), and prints how to point the provider at it.

make mock serves the current release (-manager latest) unless MOCK_FLAGS
names a -manager or a -seed. The mock stops on Ctrl-C, SIGTERM, or when the
process that started it goes away (-exit-with-parent).

Examples:
  mockplatform -manager latest -route-pickup-polls 5
  mockplatform -latency 'POST /api/apis=3s' -latency /apiops/=500ms
  mockplatform -estate-apis 200 -estate-proxies 60 -fault-rate 0.1

An AI proxy (whose routing writes are refused) is seeded with
{"name": "assistant", "apiType": "AI"} in a project's "proxies".

Flags:
`)
	flag.PrintDefaults()
}

func managerName(cfg mockplatform.Config) string {
	switch {
	case cfg.LatestManager:
		return "latest (the vendor's current release: address roles, deploymentList, route-health)"
	case cfg.NewerManager && cfg.PatchOnly:
		return "newer, PATCH only"
	case cfg.NewerManager:
		return "newer"
	case cfg.PatchOnly:
		return "classic, PATCH only"
	}
	return "classic"
}

// routeHealthLine says how the latest manager's gateway pods behave.
func routeHealthLine(cfg mockplatform.Config) string {
	pods, polls := cfg.GatewayPods, cfg.RoutePickupPolls
	if pods == 0 {
		pods = 3
	}
	if polls == 0 {
		polls = 2
	}
	switch {
	case pods < 0:
		return "no gateway pod answers"
	case polls < 0:
		return fmt.Sprintf("%d gateway pods never pick a deployment up", pods)
	}
	return fmt.Sprintf("%d gateway pods; the first %d polls after a deployment find it not yet live on all of them", pods, polls)
}

func printBanner(url string, cfg mockplatform.Config) {
	fmt.Printf("mock platform listening on %s (tenant %s)\n", url, cfg.FedMemberID)
	fmt.Printf("  manager: %s\n", managerName(cfg))
	if cfg.LatestManager {
		fmt.Printf("  route-health: %s\n", routeHealthLine(cfg))
	}
	for _, l := range cfg.Latency {
		fmt.Printf("  latency: %s\n", l)
	}
	fmt.Printf("  export PLATFORM_ENDPOINT=%s\n", url)
	fmt.Printf("  export PLATFORM_FED_MEMBER_ID=%s\n", cfg.FedMemberID)
	for _, u := range cfg.Users {
		fmt.Printf("  export PLATFORM_EMAIL=%s PLATFORM_PASSWORD=%s\n", u.Email, u.Password)
	}
	for _, t := range cfg.Tokens {
		fmt.Printf("  export PLATFORM_TOKEN=%s   # manages projects %v\n", t.Value, t.Manage)
	}
	for _, a := range cfg.APIs {
		fmt.Printf("  api %s (%s): %d versions, the latest %s\n", a.Name, a.ID, len(a.Versions), a.Versions[len(a.Versions)-1].Name)
	}
	if e := cfg.Estate; e != nil {
		fmt.Printf("  estate: %d APIs, %d proxies in projects %q\n", e.APIs, e.Proxies, mockplatform.EstateProjects(e.Projects))
	}
	for _, p := range cfg.Projects {
		fmt.Printf("  project %s: environments %v, %d proxies\n", p.Name, p.Environments, len(p.Proxies))
		for i, px := range p.Proxies {
			if i == 10 {
				fmt.Printf("    ... and %d more\n", len(p.Proxies)-i)
				break
			}
			note := ""
			if px.APIType == "AI" {
				note = ", routing managed through ai-routing"
			}
			fmt.Printf("    proxy %s/%s (%s%s)\n", p.Name, px.Name, px.APIType, note)
		}
	}
}
