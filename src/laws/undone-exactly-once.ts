import { firstOfEach, stepUndoneBy, type SagaLaw } from './law';

/** An undo runs once for each time its own step completed: never twice, never for a step that did not complete, never when nothing is rolled back. */
export const undoneExactlyOnce: SagaLaw = {
  name: 'each completed step is undone exactly once, by its own undo',
  // After an undo fails, running it again is the fix, not a bug.
  whenUndoFails: false,
  findings({ spec, rollback, noRollback, completed, unsettled, undos, path }) {
    return firstOfEach(undos).flatMap((undo) => {
      if (!rollback) return [`${undo.name} ran, but nothing is to be rolled back (${noRollback})`];
      const step = stepUndoneBy(spec, undo);
      // Whether the step completed is not on the path: unsure, no finding.
      if (unsettled.some((open) => open.name === step)) return [];
      const ran = undos.filter((other) => other.name === undo.name).length;
      const done = completed.filter((c) => c.name === step);
      // Registered before its step (undoFailedStep), an undo may run for a step that never started: the spec declares it safe then.
      if (done.length === 0 && spec.undoFailedStep && !path.steps.some((s) => s.role === 'forward' && s.name === step))
        return [];
      if (done.length === 0) return [`${undo.name} ran but ${step} had not completed`];
      const how = done.every((c) => c.outcome !== 'completed') ? 'failed' : 'completed';
      return ran > done.length ? [`${undo.name} ran ${ran} times for ${done.length} ${how} ${step}`] : [];
    });
  },
};
