// Package saga is the reference tenant saga of examples/tenant-provisioning/workflows.ts in Go
// (go.temporal.io/sdk), with one knob per planted bug (Bugs). With no knob set it is the reference
// saga: six provisioning steps; each completed step registers its undo; on any failure the undos
// run in reverse order (not cancellable), the tenant is marked failed, and the workflow fails with
// the original error. Cancelled, it waits for the step in flight (WaitForCancellation), undoes what
// completed, and closes canceled.
package saga

import (
	"errors"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// WorkflowType is the name the worker registers the saga under (the TypeScript saga's function name).
const WorkflowType = "provisionTenant"

// Bugs are the bugs the engine must catch, each the twin of one knob of test/fixtures/saga-variants/saga.ts.
type Bugs struct {
	// MissingCompensation: the undo of createTenantSchema is never registered.
	MissingCompensation bool
	// ForwardOrder: undos run in the order they were registered instead of the reverse.
	ForwardOrder bool
	// SwallowError: the error is caught, compensated and swallowed: the workflow completes.
	SwallowError bool
	// ThrowInCompensation: the compensation block panics (a nil pointer: a bug in workflow code; the task fails).
	ThrowInCompensation bool
	// NotAwaited: the undos are started and not awaited, then the error is returned.
	NotAwaited bool
	// ParallelUndos: the undos run all at once instead of one at a time in reverse.
	ParallelUndos bool
	// LiveOnlyBranch: the rollback skips dropTenantSchema when not replaying (live) only.
	LiveOnlyBranch bool
}

// TenantInput is the workflow's argument (examples/tenant-provisioning/types.ts).
type TenantInput struct {
	TenantID    string `json:"tenantId"`
	OwnerUserID string `json:"ownerUserId"`
	Plan        string `json:"plan"`
}

// Result is what the workflow returns.
type Result struct {
	TenantID string `json:"tenantId"`
	Schema   string `json:"schema"`
}

type tenantRef struct {
	TenantID string `json:"tenantId"`
}

type ownerRef struct {
	TenantID    string `json:"tenantId"`
	OwnerUserID string `json:"ownerUserId"`
}

type planRef struct {
	TenantID string `json:"tenantId"`
	Plan     string `json:"plan"`
}

type failureInput struct {
	TenantID string `json:"tenantId"`
	Reason   string `json:"reason"`
}

type schemaResult struct {
	Schema string `json:"schema"`
}

// undo is one registered compensation; schema marks the undo of createTenantSchema (LiveOnlyBranch).
type undo struct {
	run    func(ctx workflow.Context) workflow.Future
	schema bool
}

func activityOptions(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		// A step the workflow is cancelled during runs on (it does not heartbeat): the workflow waits
		// to learn whether it completed, so a completed step's undo is registered first.
		WaitForCancellation: true,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        200 * time.Millisecond,
			BackoffCoefficient:     2,
			MaximumAttempts:        3,
			NonRetryableErrorTypes: []string{"InjectedFailure", "ValidationError"},
		},
	})
}

func act(ctx workflow.Context, activity string, arg interface{}) workflow.Future {
	return workflow.ExecuteActivity(activityOptions(ctx), activity, arg)
}

// step is a forward step: as in TypeScript's cancelled scope, none is scheduled once the workflow is cancelled.
func step(ctx workflow.Context, activity string, arg interface{}, result interface{}) error {
	if ctx.Err() != nil {
		return temporal.NewCanceledError("provisioning cancelled")
	}
	return act(ctx, activity, arg).Get(ctx, result)
}

// Workflow is the saga with the given bugs, as a worker registers it.
func Workflow(bugs Bugs) func(ctx workflow.Context, input TenantInput) (Result, error) {
	return func(ctx workflow.Context, input TenantInput) (Result, error) {
		return provisionTenant(ctx, bugs, input)
	}
}

func provisionTenant(ctx workflow.Context, bugs Bugs, input TenantInput) (Result, error) {
	tenant := tenantRef{input.TenantID}
	owner := ownerRef{input.TenantID, input.OwnerUserID}
	var compensations []undo
	register := func(activity string, arg interface{}, schema bool) {
		compensations = append(compensations, undo{func(ctx workflow.Context) workflow.Future { return act(ctx, activity, arg) }, schema})
	}
	var schema schemaResult
	err := func() error {
		if err := step(ctx, "createTenantRecord", input, nil); err != nil {
			return err
		}
		register("deleteTenantRecord", tenant, false)
		if err := step(ctx, "createTenantSchema", tenant, &schema); err != nil {
			return err
		}
		if !bugs.MissingCompensation {
			register("dropTenantSchema", tenant, true)
		}
		if err := step(ctx, "applyTenantMigrations", tenant, nil); err != nil {
			return err
		}
		register("revertTenantMigrations", tenant, false)
		if err := step(ctx, "createOwnerMembership", owner, nil); err != nil {
			return err
		}
		register("removeOwnerMembership", owner, false)
		if err := step(ctx, "seedDefaultSettings", planRef{input.TenantID, input.Plan}, nil); err != nil {
			return err
		}
		register("deleteDefaultSettings", tenant, false)
		if err := step(ctx, "sendWelcomeEmail", owner, nil); err != nil {
			return err
		}
		register("cancelWelcomeEmail", tenant, false)
		// Cancelled while the last step ran: it completed, and the provisioning is still undone.
		if ctx.Err() != nil {
			return temporal.NewCanceledError("provisioning cancelled")
		}
		return nil
	}()
	if err == nil {
		return Result{TenantID: input.TenantID, Schema: schema.Schema}, nil
	}
	// Cancelled before the rollback began, it closes canceled, even when the step in flight failed
	// meanwhile; a cancel that lands during the rollback of a failure leaves the failure the cause.
	cancelled := ctx.Err() != nil
	// Not cancellable (CancellationScope.nonCancellable): a cancel meanwhile does not stop the rollback.
	rollback, _ := workflow.NewDisconnectedContext(ctx)
	if undoErr := compensate(rollback, bugs, input.TenantID, compensations, err); undoErr != nil {
		return Result{}, undoErr
	}
	if bugs.SwallowError {
		return Result{TenantID: input.TenantID}, nil
	}
	var canceled *temporal.CanceledError
	if cancelled && !errors.As(err, &canceled) {
		return Result{}, temporal.NewCanceledError("provisioning cancelled")
	}
	return Result{}, err
}

// compensate runs every undo in reverse order; an undo that fails does not stop the others (its failure is kept in the reason).
// It returns an error only with ParallelUndos: the first undo to fail (Promise.all), markTenantFailed not run.
func compensate(ctx workflow.Context, bugs Bugs, tenantID string, compensations []undo, err error) error {
	if bugs.ThrowInCompensation {
		var missing *undo
		missing.run(ctx) // a nil pointer dereference: a bug in workflow code
	}
	var kept []undo
	for _, u := range compensations {
		if !(u.schema && bugs.LiveOnlyBranch && !workflow.IsReplaying(ctx)) {
			kept = append(kept, u)
		}
	}
	undos := kept
	if !bugs.ForwardOrder {
		undos = make([]undo, len(kept))
		for i, u := range kept {
			undos[len(kept)-1-i] = u
		}
	}
	mark := func(reason string) workflow.Future {
		return act(ctx, "markTenantFailed", failureInput{tenantID, reason})
	}
	if bugs.NotAwaited {
		for _, u := range undos {
			u.run(ctx)
		}
		mark(errorMessage(err))
		return nil
	}
	reasons := []string{errorMessage(err)}
	if bugs.ParallelUndos {
		if undoErr := all(ctx, undos); undoErr != nil {
			return undoErr
		}
	} else {
		for _, u := range undos {
			if undoErr := u.run(ctx).Get(ctx, nil); undoErr != nil {
				reasons = append(reasons, "undo failed: "+errorMessage(undoErr))
			}
		}
	}
	_ = mark(strings.Join(reasons, "; ")).Get(ctx, nil)
	return nil
}

// all starts every undo at once and waits for all of them, or for the first to fail (Promise.all).
func all(ctx workflow.Context, undos []undo) error {
	selector := workflow.NewSelector(ctx)
	var failed error
	for _, u := range undos {
		selector.AddFuture(u.run(ctx), func(f workflow.Future) {
			if err := f.Get(ctx, nil); err != nil && failed == nil {
				failed = err
			}
		})
	}
	for range undos {
		if selector.Select(ctx); failed != nil {
			return failed
		}
	}
	return nil
}

// errorMessage is the message of the failure's cause (an activity's own error), else its own.
func errorMessage(err error) string {
	var activityErr *temporal.ActivityError
	if errors.As(err, &activityErr) && activityErr.Unwrap() != nil {
		err = activityErr.Unwrap()
	}
	// ApplicationError, TimeoutError: the message alone (Error() adds the type and the cause).
	if withMessage, ok := err.(interface{ Message() string }); ok {
		return withMessage.Message()
	}
	return err.Error()
}
