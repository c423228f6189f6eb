// Package wire is the platform's management API as JSON (PROTOCOL.md): the
// request and answer bodies of the API catalog (/api/) and of the API proxy
// operations (/apiops/), named as the platform names them. The HTTP client
// and the mock platform both speak it; it has no behaviour of its own.
package wire
