package protocol

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// The framework keeps a resource's private state as a JSON object of base64
// values, each itself JSON; keys starting with "." are the framework's own,
// the others the provider's. It decodes the bytes Terraform sends and
// encodes them again on the way out, so what it returns is the canonical
// form of what came: keys sorted, empty values dropped, and nothing at all
// for an empty object.

// privateState is a decoded private state.
type privateState map[string][]byte

// decodePrivate decodes b as the framework does. ok is false where the
// framework would report an error or discard the data (a private state of
// another SDK), which the fast paths leave to it.
func decodePrivate(b []byte) (p privateState, ok bool) {
	if len(b) == 0 {
		return nil, true
	}
	if json.Unmarshal(b, &p) != nil {
		return nil, false
	}
	for _, v := range p {
		if !utf8.Valid(v) || !json.Valid(v) {
			return nil, false
		}
	}
	return p, true
}

// frameworkKeys reports whether p has any of the framework's own keys, such
// as the mark an import leaves for the read that follows it.
func (p privateState) frameworkKeys() bool {
	for k := range p {
		if strings.HasPrefix(k, ".") {
			return true
		}
	}
	return false
}

// encode is what the framework returns for p.
func (p privateState) encode() []byte {
	if len(p) == 0 {
		return nil
	}
	out := make(map[string][]byte, len(p))
	for k, v := range p {
		if len(v) > 0 {
			out[k] = v
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil
	}
	return b
}
