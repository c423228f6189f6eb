package provider

// orderLike returns got with the elements whose key prior also has first, in
// prior's order, then the rest in got's order. The platform does not promise
// list order; following the prior state keeps a reordered answer from
// showing as a diff.
func orderLike[T, P any](got []T, prior []P, keyOf func(T) string, priorKey func(P) string) []T {
	rank := make(map[string][]int, len(prior))
	for i, p := range prior {
		k := priorKey(p)
		rank[k] = append(rank[k], i)
	}
	placed := make([]*T, len(prior))
	var rest []T
	for i := range got {
		k := keyOf(got[i])
		if slots := rank[k]; len(slots) > 0 {
			placed[slots[0]] = &got[i]
			rank[k] = slots[1:]
			continue
		}
		rest = append(rest, got[i])
	}
	out := make([]T, 0, len(got))
	for _, p := range placed {
		if p != nil {
			out = append(out, *p)
		}
	}
	return append(out, rest...)
}
