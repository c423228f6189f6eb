package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The generic rules about repeating a request live in this file
// (wire/PROTOCOL.md §3); the recoveries particular to one kind of write live
// beside that write. Every recovery path, in the order a request meets
// them, by file and function:
//
//   - retry.go checkRetry: the HTTP layer repeats one request after 429 and
//     503 (the platform did not act), and after 500, 502, 504 or a lost
//     answer when the request is idempotent. A POST that never connected is
//     repeated too; a host name that does not resolve is not repeated. A lost answer includes one cut off midway
//     (transport.go wholeAnswerTransport).
//   - retry.go catalogSession: a 401 on a session the platform had accepted
//     is an expiry: log in again once and repeat the request.
//   - retry.go createOnce: a create (POST) whose outcome is unknown is never
//     repeated blindly. Names are unique, so a look-up by name finds what
//     the lost POST made; that object is adopted and brought to the body,
//     or, when there is none, the POST is sent again. catalog.go
//     CreateAPIOnce and CreateVersionOnce use it.
//   - deploy.go applyDeploying and deployOnce: a deploying write whose
//     outcome is unknown is not repeated either (it would deploy twice): the
//     save is repeated without deploying, and each environment's deployment
//     decides whether it still needs the explicit deploy. routing.go
//     ApplyRouting uses them.
//   - routing.go writeAddresses: a manager that answers PUT with 405 is sent
//     the same whole list as PATCH, and PATCH from then on.
//   - retry.go Finish: a write that may not be repeated blindly (a create, a
//     deploying routing change) is carried through to its answer when
//     Terraform asks the provider to stop, so that the state records what
//     the platform did. Once the caller has stopped, nothing is repeated
//     and nothing new is started: createOnce only looks again for what a
//     lost create may still make, within the recovery bound.
//   - proxies.go CreateAPIProxy: createOnce for a proxy made from a specification; a 400 "is already exist!" right after its own lost POST is its own proxy, deployed then only where deploy status says it is still needed.
//   - proxies.go ReparseAPIProxy: a deploying re-parse whose outcome is unknown goes through applyDeploying: re-parsed again without deploying, then deployed where needed.
//   - proxies.go DeleteAPIProxy: a proxy delete whose outcome is unknown is repeated by its own loop, and a repeat that meets "not found" has succeeded.
//
// Each decision is told to tflog at debug level, with names and IDs only.

// outcomeUnknownStatus reports whether an answer with this status leaves open
// whether the platform acted on the request.
func outcomeUnknownStatus(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// outcomeUnknown reports whether err leaves open whether the platform acted:
// no answer at all, or an outcome-unknown status.
func outcomeUnknown(err error) bool {
	var te *TransportError
	return errors.As(err, &te) || outcomeUnknownStatus(StatusCode(err))
}

type repeatableKey struct{}

// withRepeatable tells checkRetry whether the request may be repeated after
// an answer that does not say whether the platform acted; checkRetry only
// sees the context when a request got no response.
func withRepeatable(ctx context.Context, repeatable bool) context.Context {
	return context.WithValue(ctx, repeatableKey{}, repeatable)
}

func repeatable(ctx context.Context) bool {
	r, _ := ctx.Value(repeatableKey{}).(bool)
	return r
}

// checkRetry is the HTTP layer's rule (the first path above).
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if stopped(ctx) {
		return false, nil
	}
	if err != nil {
		if hostNotFound(err) || (!repeatable(ctx) && !isDialError(err)) {
			return false, nil
		}
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusServiceUnavailable:
		return true, nil
	case outcomeUnknownStatus(resp.StatusCode):
		return repeatable(ctx), nil
	}
	return false, nil
}

// hostNotFound is an endpoint whose host name does not resolve: a repeat
// would only wait longer before saying so.
func hostNotFound(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

func isDialError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// logRepeat tells tflog that the HTTP layer repeats a request.
func logRepeat(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if attempt > 0 {
		tflog.Debug(req.Context(), "Repeating a request to the platform",
			map[string]any{"http_method": req.Method, "http_url": req.URL.String(), "attempt": attempt + 1})
	}
}

// recovery tells tflog of a recovery decision.
func recovery(ctx context.Context, decision string, fields map[string]any) {
	tflog.Debug(ctx, "Recovery: "+decision, fields)
}

// catalogSession sends an /api/ request with the session (the second path
// above). A 401 on a session the platform had accepted before is an expiry:
// log in again (once per expiry, shared by parallel callers) and repeat. A
// 401 on a session that never worked is a refusal; the second refusal is an
// error (wire/PROTOCOL.md §1.1).
func (c *Client) catalogSession(ctx context.Context, cl call, out any) error {
	resp, err := answered(ctx, cl, func() (*response, error) { return c.sessionAnswer(ctx, cl) })
	if err != nil {
		return err
	}
	return decode(cl, resp, out)
}

// sessionAnswer is catalogSession's final answer to cl.
func (c *Client) sessionAnswer(ctx context.Context, cl call) (*response, error) {
	v := c.session.current.Load()
	refusals := 0
	for attempt := 1; ; attempt++ {
		if v == nil {
			var err error
			if v, err = c.renewSession(ctx, nil); err != nil {
				return nil, err
			}
		}
		v.start()
		resp, err := c.send(ctx, c.withSession(cl, v.auth, v.csrf))
		refused := err == nil && resp.status == http.StatusUnauthorized
		servedBefore := v.finish(err == nil && !refused, refused)
		switch {
		case !refused && err != nil:
			return nil, err
		case !refused:
			return resp, nil
		case !servedBefore:
			refusals++
		}
		if refusals == 2 || attempt == maxSessionAttempts {
			return resp, nil
		}
		recovery(ctx, "the session was refused; logging in again", map[string]any{
			"http_method": cl.method, "http_path": cl.path, "expired": servedBefore})
		if v, err = c.renewSession(ctx, v); err != nil {
			return nil, err
		}
	}
}

// creation is one create that must yield exactly one object (the third path
// above).
type creation[T any] struct {
	// what names the object in log lines, e.g. `API "payments"`.
	what string
	post func(context.Context) (T, error)
	// adopt looks for the object a lost post may have made, by its unique
	// name, and brings it to the body; found is false when there is none.
	adopt func(context.Context) (obj T, found bool, err error)
	// conflict turns a 409 into the error to return.
	conflict func(context.Context, error) error
}

func createOnce[T any](ctx context.Context, c *Client, cr creation[T]) (T, error) {
	var zero T
	var err error
	for attempt := 0; attempt <= c.cfg.MaxRetries; attempt++ {
		var created T
		if created, err = cr.post(ctx); err == nil {
			return created, nil
		}
		if StatusCode(err) == http.StatusConflict {
			return zero, cr.conflict(ctx, err)
		}
		if !outcomeUnknown(err) {
			return zero, err
		}
		recovery(ctx, "a create got no clear answer; looking for "+cr.what+" by name", map[string]any{"error": err.Error()})
		lookupCtx, cancel := c.detachIfDone(ctx)
		adopted, found, lookupErr := cr.adopt(lookupCtx)
		cancel()
		if !found && lookupErr == nil && stopped(ctx) {
			adopted, found, lookupErr = lookAgain(ctx, c, cr)
		}
		switch {
		case found:
			recovery(ctx, "the lost create made "+cr.what+"; adopting it", nil)
			return adopted, lookupErr
		case lookupErr != nil:
			return zero, fmt.Errorf("%w (and looking for it by name failed: %w)", err, lookupErr)
		case ctx.Err() != nil || stopped(ctx):
			return zero, &UnconfirmedError{What: cr.what, Err: err}
		}
		recovery(ctx, "the lost create made no "+cr.what+"; creating it again", nil)
		if werr := sleepCtx(ctx, c.backoff(attempt)); werr != nil {
			return zero, err
		}
	}
	return zero, err
}

// lookAgain looks for what a lost create made, for the recovery bound once the
// caller has stopped: no POST is sent again then, but the platform may still
// be finishing the one it got.
func lookAgain[T any](ctx context.Context, c *Client, cr creation[T]) (T, bool, error) {
	var zero T
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.recoveryBound())
	defer cancel()
	for attempt := 0; ; attempt++ {
		recovery(ctx, "stopping: looking again for "+cr.what+", which the platform may still be creating", nil)
		if sleepCtx(ctx, c.backoff(attempt)) != nil {
			return zero, false, nil
		}
		if obj, found, err := cr.adopt(ctx); found || (err != nil && ctx.Err() == nil) {
			return obj, found, err
		}
	}
}

// defaultRecoveryBound bounds the look-ups that run once the caller has
// stopped, so that an interrupted create is still found and tracked: the
// platform may finish a create after its answer was lost.
const defaultRecoveryBound = 15 * time.Second

func (c *Client) recoveryBound() time.Duration {
	return orDefault(c.cfg.RecoveryBound, defaultRecoveryBound)
}

// detachIfDone returns ctx, or, when ctx is already cancelled, a short
// context that outlives it.
func (c *Client) detachIfDone(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), c.recoveryBound())
}

type stopKey struct{}

// stopped reports whether the caller of a Finish context has stopped.
func stopped(ctx context.Context) bool {
	done, _ := ctx.Value(stopKey{}).(<-chan struct{})
	if done == nil {
		return false
	}
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// Finish returns a context for a write that may not be repeated blindly, and
// the function that releases it. It is not cancelled when ctx is (Terraform's
// first Ctrl-C asks running operations to finish), but only FinishBound after
// that, so that a request already sent runs to its answer. A ctx already done
// is returned as it is: nothing new starts.
func (c *Client) Finish(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() != nil {
		return ctx, func() {}
	}
	fctx, cancel := context.WithCancel(context.WithValue(context.WithoutCancel(ctx), stopKey{}, ctx.Done()))
	bound := c.FinishBound()
	stop := context.AfterFunc(ctx, func() {
		recovery(fctx, "Terraform asked the provider to stop; finishing the write already sent", nil)
		select {
		case <-time.After(bound):
			cancel()
		case <-fctx.Done():
		}
	})
	return fctx, func() {
		stop()
		cancel()
	}
}

// FinishBound is the longest a write carries on after the caller stopped:
// every attempt the retries allow, with their waits. Once the caller has
// stopped nothing is repeated, so a stop usually waits one request_timeout
// at most.
func (c *Client) FinishBound() time.Duration {
	n := time.Duration(c.cfg.MaxRetries)
	return (n+1)*c.http.HTTPClient.Timeout + n*c.http.RetryWaitMax + c.recoveryBound()
}

func (c *Client) backoff(attempt int) time.Duration {
	return c.http.Backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil)
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
