//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
)

// ownGroup starts go test in a process group of its own, so that a signal
// can reach everything it runs: the test binaries and the CLIs they start.
func ownGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// signalGroup sends sig to go test and everything it started.
func signalGroup(cmd *exec.Cmd, sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok && cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, s)
	}
}
