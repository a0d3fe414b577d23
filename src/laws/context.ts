import type { HistoryEvent } from '../history/events';
import type { Observation } from '../judge/observation';
import type { ActivityStep } from '../steps/steps';
import { isForward, LawContext, PathActivity } from './law';
import type { SagaSpec } from './spec';

/**
 * The view of one scenario the laws judge. A completed step is a forward activity of the recorded
 * history that completed before the faulted step (the faulted step itself is not completed); a
 * `noUndo` step needs no undo. When the fault lands inside a rollback (a history with a real
 * failure), the undos already recorded count as run.
 */
export function lawContext(spec: SagaSpec, steps: ActivityStep[], faulted: ActivityStep, observation: Observation, recorded?: HistoryEvent[]): LawContext {
  const before = steps.filter((step) => step.index < faulted.index);
  const completed = before
    .filter((step) => step.closeEventType === 'ActivityTaskCompleted' && isForward(spec, step.activityType) && !spec.noUndo.includes(step.activityType))
    .map((step) => step.activityType);
  const after: PathActivity[] = observation.tasks.flatMap((task, index) =>
    task.flatMap((command) => ('activity' in command ? [{ activity: command.activity, when: 'after' as const, task: index }] : [])),
  );
  const recordedRollback: PathActivity[] = [
    ...before.filter((step) => !isForward(spec, step.activityType)).map((step) => ({ activity: step.activityType, when: 'before' as const })),
    ...(isForward(spec, faulted.activityType) ? [] : [{ activity: faulted.activityType, when: 'fault' as const }]),
  ];
  return { spec, faulted, observation, completed, rollback: [...recordedRollback, ...after], after, recorded };
}
