package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// ConflictError is a create refused because the tenant already has an API
// of that name.
type ConflictError struct {
	Name       string
	ExistingID string
	Err        error
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("an API named %q already exists (%s)", e.Name, e.ExistingID)
}

func (e *ConflictError) Unwrap() error { return e.Err }

// recoveryTimeout bounds the look-up that runs after the caller's context
// was cancelled, so that an interrupted create is still found and tracked.
const recoveryTimeout = 15 * time.Second

// CreateAPIOnce creates an API and makes sure exactly one comes of it. A
// POST whose outcome is unknown (no answer, 500, 502, 504) is not repeated
// blindly: names are unique in a tenant, so the list tells whether the
// platform created it. If it did, that API is brought to body with an
// idempotent PUT and returned; if not, the POST is sent again.
func (c *Client) CreateAPIOnce(ctx context.Context, body *wire.API) (*wire.API, error) {
	var err error
	for attempt := 0; attempt <= c.cfg.MaxRetries; attempt++ {
		var created *wire.API
		if created, err = c.CreateAPI(ctx, body); err == nil {
			return created, nil
		}
		if StatusCode(err) == http.StatusConflict {
			return nil, c.conflict(ctx, body.Name, err)
		}
		if !outcomeUnknown(err) {
			return nil, err
		}
		lookupCtx, cancel := detachIfDone(ctx)
		adopted, found, lookupErr := c.adoptByName(lookupCtx, body)
		cancel()
		switch {
		case found:
			return adopted, lookupErr
		case lookupErr != nil:
			return nil, fmt.Errorf("%w (and looking for it by name failed: %w)", err, lookupErr)
		case ctx.Err() != nil:
			return nil, err
		}
		if werr := sleepCtx(ctx, c.http.Backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil)); werr != nil {
			return nil, err
		}
	}
	return nil, err
}

func (c *Client) conflict(ctx context.Context, name string, err error) error {
	ids, lerr := c.FindAPIsByName(ctx, name)
	if lerr != nil || len(ids) != 1 {
		return err
	}
	return &ConflictError{Name: name, ExistingID: ids[0], Err: err}
}

// adoptByName finds the API body named and, when there is exactly one,
// writes body to it.
func (c *Client) adoptByName(ctx context.Context, body *wire.API) (*wire.API, bool, error) {
	ids, err := c.FindAPIsByName(ctx, body.Name)
	if err != nil || len(ids) == 0 {
		return nil, false, err
	}
	if len(ids) > 1 {
		return nil, false, fmt.Errorf("%d APIs are named %q", len(ids), body.Name)
	}
	api, err := c.UpdateAPI(ctx, ids[0], body)
	if err != nil {
		return &wire.API{APIID: ids[0], Name: body.Name}, true, err
	}
	return api, true, nil
}

func outcomeUnknown(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return true
	}
	switch StatusCode(err) {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// detachIfDone returns ctx, or, when ctx is already cancelled, a short
// context that outlives it.
func detachIfDone(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), recoveryTimeout)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
