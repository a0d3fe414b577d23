import type { Observation } from '../model/observation';
import { stepKind, type ActivityStep } from '../steps/steps';
import type { LawContext, LawScenario } from './law';
import { pathView, type PathStep, type PathView } from './path';
import type { CloseStatus, SagaSpec, WorkKind } from './spec';
import { isBestEffort, names, needsUndo, signalEffect } from './spec-roles';

/**
 * The view of one scenario the laws judge, read from the followed path itself:
 * - the failure point is the first thing on the path that makes the saga roll back: a forward step
 *   that failed (not a best-effort one), the workflow's cancellation, an abort signal (one the spec
 *   declares `abortsBefore` a step: where the rollback starts);
 * - a completed step is a forward step the workflow started before that point and that completed
 *   anywhere on the path (a parallel sibling, a step in flight at a cancel that completed after it,
 *   one that completed while the rollback ran; with `undoFailedStep`, any step started before it);
 * - a step the path leaves open at the close is unsettled: no law judges it (unsure), except one
 *   whose cancellation was requested and never reaches it (no heartbeat timeout): it completes.
 * With no failure point (a fault at a best-effort step, a signal declared `continue`), nothing is
 * to be rolled back.
 */
export function lawContext(spec: SagaSpec, steps: ActivityStep[], faulted: ActivityStep, observation: Observation, scenario: LawScenario = {}): LawContext {
  const path = pathView(spec, steps, faulted, observation, scenario.recorded);
  const noRollback = noRollbackBecause(spec, scenario.fault, faulted, path);
  const failureAt = noRollback ? Infinity : failurePoint(spec, path) ?? path.injectedFrom;
  const before = path.steps.filter((step) => step.role === 'forward' && step.taskStarted < failureAt && needsUndo(spec, step));
  const completesUnseen = (step: PathStep) => step.outcome === 'open' && step.cancelRequested && !step.heartbeats && step.kind === 'activity';
  const completed = before.filter((step) => spec.undoFailedStep || step.outcome === 'completed' || completesUnseen(step));
  const unsettled = spec.undoFailedStep ? [] : before.filter((step) => step.outcome === 'open' && !completesUnseen(step));
  return {
    spec,
    faulted,
    observation,
    ...(scenario.recorded ? { recorded: scenario.recorded } : {}),
    path,
    rollback: !noRollback,
    ...(noRollback ? { noRollback } : {}),
    failureAt,
    completed,
    unsettled,
    undos: path.steps.filter((step) => step.role === 'undo'),
    afterFailure: path.steps.filter((step) => step.taskStarted > failureAt),
    expectedClose: expectedClose(spec, scenario, !noRollback),
  };
}

/** Why this scenario has nothing to roll back, or undefined when it has. */
function noRollbackBecause(spec: SagaSpec, fault: string | undefined, faulted: ActivityStep, path: PathView): string | undefined {
  if (failurePoint(spec, path) !== undefined) return undefined;
  const signal = /^signal:(.*)$/.exec(fault ?? '')?.[1];
  if (signal !== undefined) {
    const effect = signalEffect(spec, signal);
    if (effect === 'continue') return `${spec.file} declares signal ${signal} "continue"`;
    if (typeof effect === 'object') return `signal ${signal} came once ${effect.abortsBefore} had started, and ${spec.file} declares it aborts only before`;
  }
  const kind = stepKind(faulted) as WorkKind;
  if (isBestEffort(spec, { name: faulted.activityType, kind })) return `${faulted.activityType} is best-effort in ${spec.file}: its failure is swallowed`;
  return undefined;
}

/** The first event that makes the saga roll back, or undefined when the path has none. */
function failurePoint(spec: SagaSpec, path: PathView): number | undefined {
  const points: number[] = [];
  for (const step of path.steps) {
    if ((step.role === 'forward' || step.role === 'read-only') && (step.outcome === 'failed' || step.outcome === 'canceled') && !isBestEffort(spec, step)) {
      points.push(step.closedAt ?? step.at);
    }
  }
  if (path.cancelRequestedAt !== undefined) points.push(path.cancelRequestedAt);
  for (const signal of path.signals) {
    const effect = signalEffect(spec, signal.name);
    if (effect === 'abort') points.push(signal.at);
    else if (typeof effect === 'object' && !path.steps.some((step) => step.at < signal.at && names(spec, effect.abortsBefore, step))) {
      // Checked later: the rollback starts where the workflow sees it (its first undo), or at the close.
      const start = path.steps.find((step) => step.at > signal.at && step.role !== 'forward' && step.role !== 'read-only');
      points.push(Math.min(start?.taskStarted ?? Infinity, path.closeAt ?? Infinity));
    }
  }
  const first = Math.min(...points);
  return Number.isFinite(first) ? first : undefined;
}

/** The close a correct saga reaches here, and who says so. */
function expectedClose(spec: SagaSpec, { fault, faultCloses }: LawScenario, rollback: boolean): { status: CloseStatus; why: string } {
  const family = fault?.split(':')[0];
  const key = fault !== undefined && spec.closeOn?.[fault] !== undefined ? fault : family !== undefined && spec.closeOn?.[family] !== undefined ? family : undefined;
  if (key !== undefined) return { status: spec.closeOn![key], why: `${spec.file} declares ${spec.closeOn![key]} after ${key}` };
  if (faultCloses) return { status: faultCloses, why: `a ${fault ?? 'fault'} closes ${faultCloses} (unless "closeOn" in ${spec.file} says otherwise)` };
  if (!rollback) return { status: 'completed', why: `with nothing to roll back it closes completed (unless "closeOn" in ${spec.file} says otherwise)` };
  return { status: spec.close, why: `${spec.file} declares ${spec.close}` };
}

