//go:build !unix

package profiling

func usage() (Usage, bool) { return Usage{}, false }
