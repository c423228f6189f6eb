package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// addClientError turns a client error into one diagnostic that says what was
// being done, the HTTP status and the platform's message.
func addClientError(diags *diag.Diagnostics, action string, err error) {
	summary := "Error " + action
	var loginErr *client.LoginError
	var apiErr *client.APIError
	var noAnswer *client.TransportError
	switch {
	case errors.As(err, &noAnswer) && unreachable(noAnswer):
		// Before the login case: a login that never connected is this.
		why, _ := noAnswer.Unreachable()
		diags.AddError("Cannot reach the platform",
			fmt.Sprintf("While %s, the provider could not connect to the platform: %s %s: %s. That address comes from "+
				"the provider's endpoint (or the PLATFORM_ENDPOINT environment variable): check that it is the "+
				"manager's base URL, e.g. https://manager.example.com, and that the manager is reachable from where "+
				"Terraform runs.", action, noAnswer.Method, noAnswer.URL, why))
	case errors.As(err, &loginErr) && errors.As(err, &apiErr):
		diags.AddError("Login to the platform failed",
			fmt.Sprintf("While %s, logging in to the API catalog as %q was refused: HTTP %d: %s "+
				"Check the provider's email and password (PLATFORM_EMAIL, PLATFORM_PASSWORD) and fed_member_id.",
				action, loginErr.Email, apiErr.StatusCode, sentence(apiErr.Message)))
	case errors.As(err, &loginErr):
		diags.AddError("Login to the platform failed", fmt.Sprintf("While %s: %s.", action, loginErr.Error()))
	case errors.As(err, &apiErr):
		diags.AddError(summary, fmt.Sprintf("The platform answered %s %s with HTTP %d: %s%s",
			apiErr.Method, apiErr.Path, apiErr.StatusCode, sentence(apiErr.Message), hint(apiErr)))
	case errors.As(err, &noAnswer):
		diags.AddError(summary, fmt.Sprintf("%s %s got no answer from the platform: %v.",
			noAnswer.Method, noAnswer.Path, noAnswer.Err))
	default:
		diags.AddError(summary, err.Error())
	}
}

func unreachable(e *client.TransportError) bool {
	_, ok := e.Unreachable()
	return ok
}

func hint(e *client.APIError) string {
	switch {
	case e.StatusCode == http.StatusUnauthorized && isAPIOps(e.Path):
		return " Check the provider's token (PLATFORM_TOKEN): it must be a valid Personal API Access Token."
	case e.StatusCode == http.StatusForbidden && isAPIOps(e.Path):
		return " The user of the provider's token (PLATFORM_TOKEN) needs the API_MANAGEMENT + MANAGE permission in the project."
	case e.StatusCode == http.StatusUnauthorized:
		return " The session was refused after logging in again; check the user's access to the catalog."
	}
	return ""
}

func isAPIOps(p string) bool { return len(p) >= 8 && p[:8] == "/apiops/" }

// sentence ends a platform message with a full stop unless it has one.
func sentence(msg string) string {
	if msg == "" || strings.ContainsAny(msg[len(msg)-1:], ".!?") {
		return msg
	}
	return msg + "."
}
