package provider

import (
	"slices"
	"testing"
)

func TestOrderLike(t *testing.T) {
	id := func(s string) string { return s }
	cases := []struct {
		got, prior, want []string
	}{
		{[]string{"c", "b", "a"}, []string{"a", "b", "c"}, []string{"a", "b", "c"}},
		{[]string{"x", "b", "a"}, []string{"a", "b", "c"}, []string{"a", "b", "x"}},
		{[]string{"b", "a"}, nil, []string{"b", "a"}},
		{[]string{"a", "b", "a"}, []string{"a", "a", "b"}, []string{"a", "a", "b"}},
		{nil, []string{"a"}, []string{}},
	}
	for _, tc := range cases {
		if got := orderLike(tc.got, tc.prior, id, id); !slices.Equal(got, tc.want) {
			t.Errorf("orderLike(%v, %v) = %v, want %v", tc.got, tc.prior, got, tc.want)
		}
	}
}
