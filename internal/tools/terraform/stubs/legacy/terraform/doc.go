// Package terraform is empty. Only a test of Terraform's own imports the real
// package, which no build of the CLI compiles; go mod tidy still looks for
// every package the tests of dependencies import, and fails without one here.
package terraform
