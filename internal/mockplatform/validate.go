package mockplatform

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var (
	visibilities = []string{"Public", "Limited", "com.soa.visibility.registered.users"}
	categories   = []string{"Production", "Sandbox"}
	methods      = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
)

// validateAPI checks an API body as wire/PROTOCOL.md §1.2 describes it and
// returns the first problem, or "".
func validateAPI(a *wire.API) string {
	if strings.TrimSpace(a.Name) == "" {
		return "Name is required"
	}
	if msg := oneOf("Visibility", a.Visibility, visibilities); msg != "" {
		return msg
	}
	if a.APIVersion == nil {
		return "APIVersion is required"
	}
	return validateVersion("APIVersion.", a.APIVersion)
}

// validateVersion checks a version, inside an API body (prefix
// "APIVersion.") or on its own (prefix ""): the version operations of
// wire/PROTOCOL.md §1.5 hold it to the same rules as §1.2.
func validateVersion(prefix string, v *wire.APIVersion) string {
	if strings.TrimSpace(v.Name) == "" {
		return prefix + "Name is required"
	}
	if msg := oneOf(prefix+"Visibility", v.Visibility, visibilities); msg != "" {
		return msg
	}
	if msg := validateParts(prefix, v.Endpoints, v.Operations); msg != "" {
		return msg
	}
	if v.TargetAPI != nil {
		return validateParts(prefix+"TargetAPI.", v.TargetAPI.Endpoints, v.TargetAPI.Operations)
	}
	return ""
}

// validateParts checks endpoints and operations; prefix names where they are.
func validateParts(prefix string, e wire.Endpoints, o wire.Operations) string {
	for i, ep := range e.Endpoint {
		at := fmt.Sprintf("%sEndpoints.Endpoint[%d]", prefix, i)
		if ep.Uri == "" {
			return at + ".Uri is required"
		}
		if !isHTTPURL(ep.Uri) {
			return fmt.Sprintf("%s.Uri %q is not an absolute http or https URL", at, ep.Uri)
		}
		if ep.Category == "" {
			return at + ".Category is required"
		}
		if msg := oneOf(at+".Category", ep.Category, categories); msg != "" {
			return msg
		}
	}
	for i, op := range o.Operation {
		if msg := oneOf(fmt.Sprintf("%sOperations.Operation[%d].Method", prefix, i), op.Method, methods); msg != "" {
			return msg
		}
	}
	return ""
}

// oneOf accepts the empty value: the platform fills in its default then.
func oneOf(field, value string, allowed []string) string {
	if value == "" || slices.Contains(allowed, value) {
		return ""
	}
	return fmt.Sprintf("%s %q is not one of %s", field, value, strings.Join(allowed, ", "))
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || (strings.HasPrefix(mt, "application/vnd.soa.") && strings.HasSuffix(mt, "+json"))
}
