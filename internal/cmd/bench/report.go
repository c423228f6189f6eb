package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func spread(ds []time.Duration) time.Duration {
	return slices.Max(ds) - slices.Min(ds)
}

func floorOf(k string) string {
	if k == "platform_proxy_routing" {
		return "terraform_data (routing-sized)"
	}
	if k == "platform_api" {
		return "terraform_data (api-sized)"
	}
	return ""
}

func render(o options, w *tfrun.Workspace, results map[string]*result) string {
	var b strings.Builder
	version, _ := exec.Command(w.TerraformBin, "version").Output()
	fmt.Fprintf(&b, "# Benchmarks\n\nWritten by `make bench` on %s: %d cores, %s, %s, -parallelism=%d, %d runs per case, interleaved; times are the median (spread = max - min).\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.NumCPU(), strings.SplitN(strings.TrimSpace(string(version)), "\n", 2)[0],
		runtime.Version(), o.parallelism, o.repeats)
	b.WriteString("The floor is `terraform_data` carrying a string padded so that its state per resource is the resource's own size (table below): Terraform's own cost, with no provider process and no I/O. `terraform_data` is built into Terraform, so its refresh reads nothing and starts no plugin. Ratio = provider phase / floor phase.\n\n")
	b.WriteString("| resource | N | phase | wall time | spread | ratio to floor | requests / resource |\n|---|---:|---|---:|---:|---:|---:|\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			r := results[fmt.Sprintf("%s/%d", k.name, n)]
			if r == nil {
				continue
			}
			for _, phase := range phases {
				ratio, reqs := "", ""
				if f := floorOf(k.name); f != "" {
					if fl := results[fmt.Sprintf("%s/%d", f, n)]; fl != nil {
						ratio = fmt.Sprintf("%.2f×", float64(median(r.times[phase]))/float64(median(fl.times[phase])))
					}
					reqs = fmt.Sprintf("%.2f (%.2f reads)", float64(r.requests[phase])/float64(n), float64(r.reads[phase])/float64(n))
				}
				fmt.Fprintf(&b, "| %s | %d | %s | %.2fs | %.2fs | %s | %s |\n", k.name, n, phase,
					median(r.times[phase]).Seconds(), spread(r.times[phase]).Seconds(), ratio, reqs)
			}
		}
	}
	b.WriteString("\n| resource | N | state per resource |\n|---|---:|---:|\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			if r := results[fmt.Sprintf("%s/%d", k.name, n)]; r != nil {
				fmt.Fprintf(&b, "| %s | %d | %.2f KiB |\n", k.name, n, r.stateKB)
			}
		}
	}
	b.WriteString("\n| resource | N | provider peak RSS |\n|---|---:|---:|\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			if floorOf(k.name) == "" {
				continue
			}
			if r := results[fmt.Sprintf("%s/%d", k.name, n)]; r != nil {
				fmt.Fprintf(&b, "| %s | %d | %.1f MB |\n", k.name, n, float64(r.peakRSS)/1024)
			}
		}
	}
	b.WriteString("\nEach phase is the command a user runs: `apply` (create), `plan` (refresh), `apply` with every resource changed (update) and `destroy`. " +
		"`apply` and `destroy` refresh first, so their requests include one read per resource for that; the provider's own part is the rest: " +
		"create = one write (+ one read-back for routing), update = one write (+ one read-back for routing), destroy = one write. " +
		"Requests include the catalog login, one per terraform command, amortised over N.\n")
	return b.String()
}
