import type { Observation } from '../model/observation';
import { stepKind, type ActivityStep } from '../steps/steps';
import type { LawContext, LawScenario } from './law';
import { pathView, type PathStep, type PathView } from './path';
import type { SagaSpec, WorkKind } from './spec';
import { isBestEffort, names, needsUndo, signalEffect } from './spec-roles';

/**
 * The view of one scenario the laws judge, read from the followed path itself:
 * - the failure point is the first thing on the path that makes the saga roll back: a forward step
 *   that failed (not a best-effort one), the workflow's cancellation, an abort signal (one the spec
 *   declares `abortsBefore` a step: where the rollback starts);
 * - a completed step is a forward step the workflow started before that point and that completed
 *   anywhere on the path (a parallel sibling, a step in flight at a cancel that completed after it,
 *   one that completed while the rollback ran; with `undoFailedStep`, any step started before it);
 * - a step the path leaves open at the close is unsettled: no law judges it (unsure), except an
 *   activity with no heartbeat timeout, which nothing stops (a cancellation or the close reaches an
 *   activity through its heartbeat): it completes unseen.
 * With no failure point (a fault at a best-effort step, a signal declared `continue`), nothing is
 * to be rolled back.
 */
export function lawContext(
  spec: SagaSpec,
  steps: ActivityStep[],
  faulted: ActivityStep,
  observation: Observation,
  scenario: LawScenario = {},
): LawContext {
  const path = pathView(spec, steps, faulted, observation, scenario.recorded);
  const noRollback = noRollbackBecause(spec, scenario.fault, faulted, path);
  const point = noRollback
    ? { rollbackAt: Infinity, causeAt: Infinity }
    : (failurePoint(spec, path) ?? { rollbackAt: path.injectedFrom, causeAt: path.injectedFrom });
  const failureAt = point.rollbackAt;
  const before = path.steps.filter(
    (step) => step.role === 'forward' && step.taskStarted < failureAt && needsUndo(spec, step),
  );
  const completed = before.filter(
    (step) => spec.undoFailedStep || step.outcome === 'completed' || completesUnseen(step),
  );
  const unsettled = spec.undoFailedStep
    ? []
    : before.filter((step) => step.outcome === 'open' && !completesUnseen(step));
  // A cancel that came once a rollback was already due (a failure, an abort signal) does not decide the close.
  const cancelFirst = path.cancelRequestedAt !== undefined && path.cancelRequestedAt <= point.causeAt;
  const cancelRaced = cancelFirst && racedByFailure(spec, path);
  return {
    spec,
    faulted,
    observation,
    ...(scenario.recorded ? { recorded: scenario.recorded } : {}),
    path,
    rollback: !noRollback,
    ...(noRollback ? { noRollback } : {}),
    failureAt,
    cancelFirst,
    cancelRaced,
    completed,
    unsettled,
    undos: path.steps.filter((step) => step.role === 'undo'),
    afterFailure: path.steps.filter((step) => step.taskStarted > failureAt),
    expectedClose: expectedClose(
      spec,
      { ...scenario, ...(cancelFirst ? {} : { faultCloses: undefined }) },
      !noRollback,
      cancelRaced,
    ),
  };
}

/**
 * A forward step in flight when the cancel was requested that then failed on its own (not
 * canceled): the workflow may see that failure before, or instead of, a cancellation, so either
 * may decide the close (live, a step that does not heartbeat fails as it would have).
 */
function racedByFailure(spec: SagaSpec, path: PathView): boolean {
  const cancelAt = path.cancelRequestedAt!;
  // The workflow acted on the cancel before the failure came (an undo or cleanup started, or it
  // closed): then the cancel decided, and the failure can change nothing.
  const actedBefore = (failedAt: number) =>
    path.steps.some(
      (step) =>
        (step.role === 'undo' || step.role === 'on-cancel') &&
        step.taskStarted > cancelAt &&
        step.taskStarted < failedAt,
    ) ||
    (path.closeAt !== undefined && path.closeAt < failedAt);
  return path.steps.some(
    (step) =>
      step.role === 'forward' &&
      step.outcome === 'failed' &&
      !step.injected &&
      step.at < cancelAt &&
      step.closedAt !== undefined &&
      step.closedAt > cancelAt &&
      !actedBefore(step.closedAt) &&
      !isBestEffort(spec, step),
  );
}

/**
 * An activity still running when the workflow closed that sets no heartbeat timeout: nothing stops
 * it (a requested cancellation, or the close, reaches an activity only through its heartbeat), so
 * live it runs on and completes unseen.
 */
export function completesUnseen(step: PathStep): boolean {
  return step.outcome === 'open' && !step.heartbeats && step.kind === 'activity';
}

/** Why this scenario has nothing to roll back, or undefined when it has. */
function noRollbackBecause(
  spec: SagaSpec,
  fault: string | undefined,
  faulted: ActivityStep,
  path: PathView,
): string | undefined {
  if (failurePoint(spec, path) !== undefined) return undefined;
  const signal = /^signal:(.*)$/.exec(fault ?? '')?.[1];
  if (signal !== undefined) {
    const effect = signalEffect(spec, signal);
    if (effect === 'continue') return `${spec.file} declares signal ${signal} "continue"`;
    if (typeof effect === 'object')
      return `signal ${signal} came once ${effect.abortsBefore} had started, and ${spec.file} declares it aborts only before`;
  }
  const kind = stepKind(faulted) as WorkKind;
  if (isBestEffort(spec, { name: faulted.activityType, kind }))
    return `${faulted.activityType} is best-effort in ${spec.file}: its failure is swallowed`;
  return undefined;
}

/**
 * Where the saga's rollback is due: `causeAt`, the first thing on the path that calls for it (a
 * forward step's failure, the cancel, an abort signal), and `rollbackAt`, where it starts (the same,
 * but for a signal declared `abortsBefore`: the workflow's first undo after it, or its close).
 */
function failurePoint(spec: SagaSpec, path: PathView): { rollbackAt: number; causeAt: number } | undefined {
  const points: Array<{ rollbackAt: number; causeAt: number }> = [];
  const at = (event: number) => points.push({ rollbackAt: event, causeAt: event });
  for (const step of path.steps) {
    if (
      (step.role === 'forward' || step.role === 'read-only') &&
      (step.outcome === 'failed' || step.outcome === 'canceled') &&
      !isBestEffort(spec, step)
    )
      at(step.closedAt ?? step.at);
  }
  if (path.cancelRequestedAt !== undefined) at(path.cancelRequestedAt);
  for (const signal of path.signals) {
    const effect = signalEffect(spec, signal.name);
    if (effect === 'abort') at(signal.at);
    else if (
      typeof effect === 'object' &&
      !path.steps.some((step) => step.at < signal.at && names(spec, effect.abortsBefore, step))
    ) {
      const start = path.steps.find(
        (step) => step.at > signal.at && (step.role === 'undo' || step.role === 'on-cancel'),
      );
      points.push({
        rollbackAt: Math.min(start?.taskStarted ?? Infinity, path.closeAt ?? Infinity),
        causeAt: signal.at,
      });
    }
  }
  if (points.length === 0) return undefined;
  return {
    rollbackAt: Math.min(...points.map((p) => p.rollbackAt)),
    causeAt: Math.min(...points.map((p) => p.causeAt)),
  };
}

/** The close a correct saga reaches here, and who says so. */
function expectedClose(
  spec: SagaSpec,
  { fault, faultCloses }: LawScenario,
  rollback: boolean,
  raced: boolean,
): LawContext['expectedClose'] {
  const family = fault?.split(':')[0];
  const key =
    fault !== undefined && spec.closeOn?.[fault] !== undefined
      ? fault
      : family !== undefined && spec.closeOn?.[family] !== undefined
        ? family
        : undefined;
  if (key !== undefined)
    return { status: spec.closeOn![key], why: `${spec.file} declares ${spec.closeOn![key]} after ${key}` };
  if (faultCloses && raced && faultCloses !== spec.close) {
    return {
      status: faultCloses,
      or: spec.close,
      why: `a ${fault ?? 'fault'} closes ${faultCloses}, or ${spec.close} when a step in flight at the cancel fails first (unless "closeOn" in ${spec.file} says otherwise)`,
    };
  }
  if (faultCloses)
    return {
      status: faultCloses,
      why: `a ${fault ?? 'fault'} closes ${faultCloses} (unless "closeOn" in ${spec.file} says otherwise)`,
    };
  if (!rollback)
    return {
      status: 'completed',
      why: `with nothing to roll back it closes completed (unless "closeOn" in ${spec.file} says otherwise)`,
    };
  return { status: spec.close, why: `${spec.file} declares ${spec.close}` };
}
