import { undoKey, type SagaLaw } from './law';
import { completesUnseen } from './context';
import { names } from './spec-roles';

/**
 * A step that completed on the path (before the fault, a parallel sibling, one in flight at a cancel
 * that completed after it) leaves something behind: its undo must run (with `undoFailedStep`, the
 * failed step's too).
 */
export const everyCompletedStepUndone: SagaLaw = {
  name: 'every completed step is undone',
  findings({ spec, rollback, completed, undos }) {
    if (!rollback) return [];
    return [...new Set(completed.map((step) => step.name))].flatMap((name) => {
      const runs = completed.filter((step) => step.name === name);
      const how = runs.some((step) => step.outcome === 'completed')
        ? 'completed'
        : runs.some((step) => completesUnseen(step) && !spec.undoFailedStep)
          ? 'completed after the workflow closed (it was still running, and it sets no heartbeat timeout: nothing stops it)'
          : `failed (${spec.file} declares undoFailedStep)`;
      const key = undoKey(spec, runs[0]);
      if (key === undefined)
        return [`${name} ${how} but ${spec.file} names no undo for it (add it to "undo" or "noUndo")`];
      const undo = spec.undo[key];
      return undos.some((ran) => names(spec, undo, ran)) ? [] : [`${name} ${how} but ${undo} never ran`];
    });
  },
};
