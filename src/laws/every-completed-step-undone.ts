import type { SagaLaw } from './law';

/** A step that completed before the fault leaves something behind: its undo must run (with `undoFailedStep`, the failed step's too). */
export const everyCompletedStepUndone: SagaLaw = {
  name: 'every completed step is undone',
  findings({ spec, completed, failed, rollback }) {
    return [...new Set(completed)].flatMap((step) => {
      const undo = spec.undo[step];
      const onlyFailed = completed.filter((c) => c === step).length === failed.filter((f) => f === step).length;
      const how = onlyFailed ? `failed (${spec.file} declares undoFailedStep)` : 'completed';
      if (!undo) return [`${step} ${how} but ${spec.file} names no undo for it (add it to "undo" or "noUndo")`];
      return rollback.some((ran) => ran.activity === undo) ? [] : [`${step} ${how} but ${undo} never ran`];
    });
  },
};
