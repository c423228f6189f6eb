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

func median[T int64 | float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func spread(ds []time.Duration) time.Duration {
	return slices.Max(ds) - slices.Min(ds)
}

// measured is the resource kind k measures, the schema floor's included:
// "schema floor (platform_api)" measures platform_api's schemas.
func measured(k string) string {
	if inner, ok := strings.CutPrefix(k, "schema floor ("); ok {
		return strings.TrimSuffix(inner, ")")
	}
	return k
}

// schemaFloorOf is the schema floor of kind k, "" for a floor.
func schemaFloorOf(k string) string {
	if measured(k) != k || !strings.HasPrefix(k, "platform_") {
		return ""
	}
	base, _, _ := strings.Cut(k, " ")
	return "schema floor (" + base + ")"
}

func floorOf(k string) string {
	k = measured(k)
	switch {
	case strings.HasPrefix(k, "platform_proxy_routing"):
		return "terraform_data (routing-sized)"
	case strings.HasPrefix(k, "platform_api"):
		return "terraform_data (api-sized)"
	}
	return ""
}

// nullFloorOf is the null_resource floor of the same size as kind k's.
func nullFloorOf(k string) string {
	if f := floorOf(k); f != "" {
		return "null_resource" + strings.TrimPrefix(f, "terraform_data")
	}
	return ""
}

func ratio(r, floor *result, phase string) string {
	if floor == nil || median(floor.times[phase]) == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", float64(median(r.times[phase]))/float64(median(floor.times[phase])))
}

func render(o options, w *tfrun.Workspace, results map[string]*result) string {
	var b strings.Builder
	version, _ := exec.Command(w.TerraformBin, "version").Output()
	fmt.Fprintf(&b, "# Benchmarks\n\nWritten by `make bench` on %s: %d cores, %s, %s, -parallelism=%d, %d runs per case, interleaved; times are the median (spread = max - min).\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.NumCPU(), strings.SplitN(strings.TrimSpace(string(version)), "\n", 2)[0],
		runtime.Version(), o.parallelism, o.repeats)
	b.WriteString("The schema floor is this provider's resource schemas served by terraform-plugin-framework alone (`internal/cmd/schemafloor`), answering every call from configuration and state with no request: what Terraform core and the framework cost for these schemas, so that the rest of a provider phase is this provider's own code. ")
	b.WriteString("The floor is `terraform_data` carrying a string padded so that its state per resource is the resource's own size (table below): Terraform's own cost, with no provider process and no I/O. `terraform_data` is built into Terraform, so its refresh reads nothing and starts no plugin. The second floor is `null_resource` (hashicorp/terraform-provider-null, built from the Go module proxy: v1.0.0, the only version it serves, an SDK plugin of Terraform 0.12 that speaks protocol 5) carrying a `triggers` map padded to the same state size: a plugin process that does no I/O. Ratio = provider phase / floor phase. Provider CPU is user + system time of every provider process the command started, read from each process's own rusage at exit, per resource (median).\n\n")
	renderTimes(&b, o, results)
	renderBaseline(&b, o, results)
	renderGrowth(&b, o, results)
	renderState(&b, o, results)
	renderRSS(&b, o, results)
	b.WriteString("\nEach phase is the command a user runs: `apply` (create), `plan` (refresh), `apply -refresh-only` (resave, which saves the refreshed state), `plan` again (replan), `apply` with every resource changed (update) and `destroy`. " +
		"`apply` and `destroy` refresh first, so their requests include one read per resource for that; the provider's own part is the rest: " +
		"create = one write (+ one read-back for routing), update = one write (+ one read-back for routing), destroy = one write. " +
		"A routing deployed to environments rides its deployment in that write, and each refresh adds one deploy-status read per environment. " +
		"Requests include the catalog login, one per terraform command, amortised over N.\n")
	return b.String()
}

func renderTimes(b *strings.Builder, o options, results map[string]*result) {
	b.WriteString("| resource | N | phase | wall time | spread | ratio to terraform_data | ratio to null_resource | ratio to schema floor | provider CPU / resource | requests / resource |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			r := results[fmt.Sprintf("%s/%d", k.name, n)]
			if r == nil {
				continue
			}
			for _, phase := range o.phases {
				toData, toNull, toSchema, reqs, cpu := "", "", "", "", ""
				if f := floorOf(k.name); f != "" {
					toData = ratio(r, results[fmt.Sprintf("%s/%d", f, n)], phase)
					toNull = ratio(r, results[fmt.Sprintf("%s/%d", nullFloorOf(k.name), n)], phase)
					reqs = fmt.Sprintf("%.2f (%.2f reads)", float64(r.requests[phase])/float64(n), float64(r.reads[phase])/float64(n))
					cpu = fmt.Sprintf("%.2f ms", median(r.cpu[phase])*1000)
				}
				if f := schemaFloorOf(k.name); f != "" {
					toSchema = ratio(r, results[fmt.Sprintf("%s/%d", f, n)], phase)
				}
				fmt.Fprintf(b, "| %s | %d | %s | %.2fs | %.2fs | %s | %s | %s | %s | %s |\n", k.name, n, phase,
					median(r.times[phase]).Seconds(), spread(r.times[phase]).Seconds(), toData, toNull, toSchema, cpu, reqs)
			}
		}
	}
}

// renderBaseline sets each provider kind beside the baseline build's.
func renderBaseline(b *strings.Builder, o options, results map[string]*result) {
	if baseline == "" {
		return
	}
	fmt.Fprintf(b, "\nThis build beside the provider built at `%s`, measured in the same run (ratio = this build / baseline).\n\n", baseline)
	b.WriteString("| resource | N | phase | wall time | baseline | ratio | provider CPU / resource | baseline | ratio |\n|---|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			base := baselineOf(k.name)
			r, br := results[fmt.Sprintf("%s/%d", base, n)], results[fmt.Sprintf("%s/%d", k.name, n)]
			if base == "" || r == nil || br == nil {
				continue
			}
			for _, phase := range o.phases {
				now, then := median(r.times[phase]).Seconds(), median(br.times[phase]).Seconds()
				cpuNow, cpuThen := median(r.cpu[phase])*1000, median(br.cpu[phase])*1000
				fmt.Fprintf(b, "| %s | %d | %s | %.2fs | %.2fs | %.2f× | %.2f ms | %.2f ms | %.2f× |\n",
					base, n, phase, now, then, now/then, cpuNow, cpuThen, cpuNow/cpuThen)
			}
		}
	}
}

// renderGrowth compares each N with the previous one: a linear cost keeps
// wall growth at the ratio of the Ns and CPU per resource at 1.00×.
func renderGrowth(b *strings.Builder, o options, results map[string]*result) {
	if len(o.sizes) < 2 {
		return
	}
	b.WriteString("\nGrowth from the previous N (linear: wall time grows by the ratio of the Ns, CPU and peak RSS per resource stay at 1.00×).\n\n")
	b.WriteString("| resource | N | phase | wall growth | floor wall growth | provider CPU / resource growth | provider peak RSS growth |\n|---|---|---|---:|---:|---:|---:|\n")
	for i := 1; i < len(o.sizes); i++ {
		prev, n := o.sizes[i-1], o.sizes[i]
		for _, k := range kinds() {
			r, p := results[fmt.Sprintf("%s/%d", k.name, n)], results[fmt.Sprintf("%s/%d", k.name, prev)]
			f := floorOf(k.name)
			if r == nil || p == nil || f == "" {
				continue
			}
			fr, fp := results[fmt.Sprintf("%s/%d", f, n)], results[fmt.Sprintf("%s/%d", f, prev)]
			for _, phase := range o.phases {
				floor := ""
				if fr != nil && fp != nil {
					floor = fmt.Sprintf("%.2f×", float64(median(fr.times[phase]))/float64(median(fp.times[phase])))
				}
				fmt.Fprintf(b, "| %s | %d → %d | %s | %.2f× | %s | %.2f× | %.2f× |\n", k.name, prev, n, phase,
					float64(median(r.times[phase]))/float64(median(p.times[phase])), floor,
					median(r.cpu[phase])/median(p.cpu[phase]), float64(r.peakRSS[phase])/float64(max(p.peakRSS[phase], 1)))
			}
		}
	}
}

func renderState(b *strings.Builder, o options, results map[string]*result) {
	b.WriteString("\n| resource | N | state per resource |\n|---|---:|---:|\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			if r := results[fmt.Sprintf("%s/%d", k.name, n)]; r != nil {
				fmt.Fprintf(b, "| %s | %d | %.2f KiB |\n", k.name, n, r.stateKB)
			}
		}
	}
}

func renderRSS(b *strings.Builder, o options, results map[string]*result) {
	b.WriteString("\nProvider peak RSS (the highest VmHWM, the own peak resident set, of the phase's provider processes, max over runs):\n\n")
	b.WriteString("| resource | N | " + strings.Join(o.phases, " | ") + " |\n|---|---:|" + strings.Repeat("---:|", len(o.phases)) + "\n")
	for _, n := range o.sizes {
		for _, k := range kinds() {
			r := results[fmt.Sprintf("%s/%d", k.name, n)]
			if r == nil || floorOf(k.name) == "" {
				continue
			}
			fmt.Fprintf(b, "| %s | %d |", k.name, n)
			for _, phase := range o.phases {
				fmt.Fprintf(b, " %.1f MB |", float64(r.peakRSS[phase])/1024)
			}
			b.WriteString("\n")
		}
	}
}
