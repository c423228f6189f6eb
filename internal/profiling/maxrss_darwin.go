package profiling

// Darwin reports ru_maxrss in bytes.
func maxRSSKB(v int64) int64 { return v / 1024 }
