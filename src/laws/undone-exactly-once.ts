import { SagaLaw, undoneBy } from './law';

/** An undo runs once for each time its own step completed: never twice, never for a step that did not complete. */
export const undoneExactlyOnce: SagaLaw = {
  name: 'each completed step is undone exactly once, by its own undo',
  // After an undo fails, running it again is the fix, not a bug.
  whenUndoFails: false,
  findings({ spec, completed, failed, rollback }) {
    const undos = [...new Set(rollback.map((ran) => ran.activity))].filter((activity) => undoneBy(spec, activity) !== undefined);
    return undos.flatMap((undo) => {
      const step = undoneBy(spec, undo) as string;
      const ran = rollback.filter((r) => r.activity === undo).length;
      const done = completed.filter((c) => c === step).length;
      if (done === 0) return [`${undo} ran but ${step} had not completed`];
      const how = failed.filter((f) => f === step).length === done ? 'failed' : 'completed';
      if (ran > done) return [`${undo} ran ${ran} times for ${done} ${how} ${step}`];
      return [];
    });
  },
};
