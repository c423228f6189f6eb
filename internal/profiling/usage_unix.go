//go:build unix

package profiling

import "syscall"

func usage() (Usage, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return Usage{}, false
	}
	maxRSS := int64(ru.Maxrss) //nolint:unconvert // int32 on some 32-bit platforms
	return Usage{
		UserSeconds:   float64(ru.Utime.Sec) + float64(ru.Utime.Usec)/1e6,
		SystemSeconds: float64(ru.Stime.Sec) + float64(ru.Stime.Usec)/1e6,
		MaxRSSKB:      peakRSSKB(maxRSSKB(maxRSS)),
	}, true
}
