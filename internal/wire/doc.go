// Package wire is the platform's management API as JSON: the request and
// answer bodies of the API catalog (/api/) and of the API proxy operations
// (/apiops/), named as the platform names them. The HTTP client and the mock
// platform both speak it; it has no behaviour of its own.
//
// The contract itself, every endpoint the provider uses, the managers'
// dialects and the fault rules, is PROTOCOL.md in this directory; comments
// across the repository cite it as wire/PROTOCOL.md §N.
package wire
