//go:build unix && !darwin

package profiling

// Linux and the BSDs report ru_maxrss in kilobytes.
func maxRSSKB(v int64) int64 { return v }
