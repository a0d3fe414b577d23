import type { SagaLaw } from './law';

/** A step that completed before the fault leaves something behind: its undo must run. */
export const everyCompletedStepUndone: SagaLaw = {
  name: 'every completed step is undone',
  findings({ spec, completed, rollback }) {
    return [...new Set(completed)].flatMap((step) => {
      const undo = spec.undo[step];
      if (!undo) return [`${step} completed but ${spec.file} names no undo for it (add it to "undo" or "noUndo")`];
      return rollback.some((ran) => ran.activity === undo) ? [] : [`${step} completed but ${undo} never ran`];
    });
  },
};
