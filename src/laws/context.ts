import type { HistoryEvent } from '../history/events';
import type { Observation } from '../model/observation';
import { isWorkStep, stepCompleted, type ActivityStep } from '../steps/steps';
import { isForward, LawContext, PathActivity } from './law';
import type { SagaSpec } from './spec';

/**
 * The view of one scenario the laws judge. A completed step is a forward activity of the recorded
 * history that completed before the faulted step (the faulted step itself is not completed); a
 * `noUndo` step needs no undo. With `undoFailedStep`, a forward step that failed (the faulted one,
 * or a real failure recorded before it) is to be undone as well, and counts as completed.
 * When the fault lands inside a rollback (a history with a real failure), the undos already
 * recorded count as run, and so do those the same workflow task scheduled with the faulted one
 * (undos started together: the rewrite keeps that task's commands). A forward step recorded after
 * a real failure of an earlier forward step (the faulted one included) started after a fault.
 */
export function lawContext(spec: SagaSpec, allSteps: ActivityStep[], faulted: ActivityStep, observation: Observation, recorded?: HistoryEvent[]): LawContext {
  // A timer is a wait, not work: never undone, never part of a rollback (a fault may still land at one).
  const steps = allSteps.filter(isWorkStep);
  const before = steps.filter((step) => step.index < faulted.index);
  const alongside = steps.filter((step) => step.index > faulted.index && step.scheduledByTaskEventId !== undefined && step.scheduledByTaskEventId === faulted.scheduledByTaskEventId);
  const forward = (step: ActivityStep) => isWorkStep(step) && isForward(spec, step.activityType);
  const needsUndo = (step: ActivityStep) => forward(step) && !spec.noUndo.includes(step.activityType);
  const done = (step: ActivityStep) => stepCompleted(step) || spec.undoFailedStep;
  const failed = [...before.filter((step) => needsUndo(step) && !stepCompleted(step)), ...(needsUndo(faulted) ? [faulted] : [])];
  const completed = [...before.filter((step) => needsUndo(step) && done(step)), ...(spec.undoFailedStep && needsUndo(faulted) ? [faulted] : [])].map(
    (step) => step.activityType,
  );
  const firstFailure = before.find((step) => forward(step) && !stepCompleted(step));
  const forwardAfterFailure = firstFailure
    ? [...before, faulted].filter((step) => step.index > firstFailure.index && forward(step))
    : [];
  const after: PathActivity[] = observation.tasks.flatMap((task, index) =>
    task.flatMap((command) => ('activity' in command ? [{ activity: command.activity, when: 'after' as const, task: index }] : [])),
  );
  const recordedRollback: PathActivity[] = [
    ...before.filter((step) => !forward(step)).map((step) => ({ activity: step.activityType, when: 'before' as const })),
    ...(forward(faulted) || !isWorkStep(faulted) ? [] : [{ activity: faulted.activityType, when: 'fault' as const }]),
    ...alongside.filter((step) => !forward(step)).map((step) => ({ activity: step.activityType, when: 'before' as const })),
    ...forwardAfterFailure.map((step) => ({ activity: step.activityType, when: step === faulted ? ('fault' as const) : ('before' as const) })),
  ];
  return {
    spec,
    faulted,
    observation,
    completed,
    failed: spec.undoFailedStep ? failed.map((step) => step.activityType) : [],
    rollback: [...recordedRollback, ...after],
    after,
    recorded,
  };
}
