"""The tenant provisioning saga with one knob per planted bug (test/fixtures/python-saga-variants).

With no knob set it is the reference saga: a line-by-line twin of
examples/tenant-provisioning/workflows.ts. Six provisioning steps; each completed step registers its
undo; on any failure the undos run in reverse order (not cancellable), the tenant is marked failed,
and the workflow fails with the original error. Cancelled, it waits for the step in flight
(WAIT_CANCELLATION_COMPLETED), undoes what completed, and closes canceled.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Awaitable, Callable

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, CancelledError
from temporalio.workflow import ActivityCancellationType

RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    maximum_attempts=3,
    non_retryable_error_types=["InjectedFailure", "ValidationError"],
)

Undo = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class SagaBugs:
    """The bugs the engine must catch, each a twin of one knob of test/fixtures/saga-variants/saga.ts."""

    missing_compensation: bool = False
    """The undo of createTenantSchema is never registered."""
    forward_order: bool = False
    """Undos run in the order they were registered instead of the reverse."""
    swallow_error: bool = False
    """The error is caught, compensated and swallowed: the workflow completes."""
    throw_in_compensation: bool = False
    """The compensation block raises an AttributeError (a bug in workflow code: the task fails)."""
    not_awaited: bool = False
    """The undos are started and not awaited, then the error is raised again."""
    parallel_undos: bool = False
    """The undos run all at once (asyncio.gather) instead of one at a time in reverse."""
    live_only_branch: bool = False
    """The rollback skips dropTenantSchema when not replaying (live) only."""


def act(activity: str, arg: dict[str, Any]) -> Awaitable[Any]:
    return workflow.execute_activity(
        activity,
        arg,
        start_to_close_timeout=timedelta(seconds=30),
        # A step the workflow is cancelled during runs on (it does not heartbeat): the workflow
        # waits to learn whether it completed, so a completed step's undo is registered first.
        cancellation_type=ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        retry_policy=RETRY,
    )


def step(activity: str, arg: dict[str, Any]) -> Awaitable[Any]:
    """A forward step: as in TypeScript's cancelled scope, none is scheduled once the workflow is cancelled."""
    if cancel_requested():
        raise CancelledError("provisioning cancelled")
    return act(activity, arg)


def cancel_requested() -> bool:
    # TypeScript's CancellationScope.current().consideredCancelled: Python delivers the cancel to the
    # awaited activity once; a step that then completes returns normally, so the request is asked for.
    return workflow.cancellation_reason() is not None


async def provision_tenant(bugs: SagaBugs, input: dict[str, Any]) -> dict[str, Any]:
    tenant_id = input["tenantId"]
    owner_user_id = input["ownerUserId"]
    plan = input["plan"]
    compensations: list[Undo] = []
    try:
        await step("createTenantRecord", input)
        compensations.append(lambda: act("deleteTenantRecord", {"tenantId": tenant_id}))

        schema = (await step("createTenantSchema", {"tenantId": tenant_id}))["schema"]
        if not bugs.missing_compensation:
            compensations.append(SchemaUndo(lambda: act("dropTenantSchema", {"tenantId": tenant_id})))

        await step("applyTenantMigrations", {"tenantId": tenant_id})
        compensations.append(lambda: act("revertTenantMigrations", {"tenantId": tenant_id}))

        await step("createOwnerMembership", {"tenantId": tenant_id, "ownerUserId": owner_user_id})
        compensations.append(lambda: act("removeOwnerMembership", {"tenantId": tenant_id, "ownerUserId": owner_user_id}))

        await step("seedDefaultSettings", {"tenantId": tenant_id, "plan": plan})
        compensations.append(lambda: act("deleteDefaultSettings", {"tenantId": tenant_id}))

        await step("sendWelcomeEmail", {"tenantId": tenant_id, "ownerUserId": owner_user_id})
        compensations.append(lambda: act("cancelWelcomeEmail", {"tenantId": tenant_id}))

        # Cancelled while the last step ran: it completed, and the provisioning is still undone.
        if cancel_requested():
            raise CancelledError("provisioning cancelled")
        return {"tenantId": tenant_id, "schema": schema}
    except (Exception, asyncio.CancelledError) as err:
        # Cancelled before the rollback began, it closes canceled, even when the step in flight failed
        # meanwhile; a cancel that lands during the rollback of a failure leaves the failure the cause.
        cancelled = cancel_requested()
        await not_cancellable(compensate(bugs, tenant_id, compensations, err))
        if bugs.swallow_error:
            return {"tenantId": tenant_id, "schema": ""}
        if cancelled and not is_cancellation(err):
            raise CancelledError("provisioning cancelled") from err
        raise


async def compensate(bugs: SagaBugs, tenant_id: str, compensations: list[Undo], err: BaseException) -> None:
    """Runs every undo in reverse order; an undo that fails does not stop the others (its failure is kept in the reason)."""
    if bugs.throw_in_compensation:
        getattr(None, "undo")()
    kept = [undo for undo in compensations if not (isinstance(undo, SchemaUndo) and skip_schema_undo(bugs))]
    undos = kept if bugs.forward_order else list(reversed(kept))
    undo_failures: list[str] = []
    if bugs.not_awaited:
        for undo in undos:
            asyncio.ensure_future(undo())
        asyncio.ensure_future(act("markTenantFailed", {"tenantId": tenant_id, "reason": error_message(err)}))
        return
    if bugs.parallel_undos:
        await asyncio.gather(*(undo() for undo in undos))
    else:
        for undo in undos:
            try:
                await undo()
            except ActivityError as undo_err:
                undo_failures.append(f"undo failed: {error_message(undo_err)}")
    await act("markTenantFailed", {"tenantId": tenant_id, "reason": "; ".join([error_message(err), *undo_failures])})


class SchemaUndo:
    """The undo of createTenantSchema, told apart for the live_only_branch bug."""

    def __init__(self, undo: Undo) -> None:
        self.undo = undo

    def __call__(self) -> Awaitable[Any]:
        return self.undo()


def skip_schema_undo(bugs: SagaBugs) -> bool:
    """Evaluated in the rollback, i.e. in the workflow task that answers the failure (live on a real worker)."""
    return bugs.live_only_branch and not workflow.unsafe.is_replaying()


async def not_cancellable(work: Awaitable[None]) -> None:
    """CancellationScope.nonCancellable: a cancel that arrives meanwhile does not stop the work, which is awaited to its end."""
    task = asyncio.ensure_future(work)
    while True:
        try:
            await asyncio.shield(task)
            return
        except asyncio.CancelledError:
            if task.done():
                task.result()
                return


def is_cancellation(err: BaseException) -> bool:
    return isinstance(err, (asyncio.CancelledError, CancelledError))


def error_message(err: BaseException) -> str:
    """The message of the failure's cause (an activity's own error), else its own."""
    message = getattr(getattr(err, "cause", None), "message", None)
    if message is not None:
        return message
    return getattr(err, "message", None) or str(err)
