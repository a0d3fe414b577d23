import { startKnown, type SagaLaw } from './law';

/**
 * `parallel`: the undos issued after the fault all start in one workflow task (Promise.all), none
 * waits for another. `reverse-sequential` is judged by undo-order.ts, `stages` by undo-stages.ts.
 */
export const undosRunTogether: SagaLaw = {
  name: 'undos start together (declared parallel)',
  findings({ spec, rollback, failureAt, undos }) {
    if (!rollback || spec.order !== 'parallel' || spec.stages) return [];
    const after = undos.filter((undo) => undo.taskStarted > failureAt && startKnown(undo));
    if (after.length < 2) return [];
    const first = after[0];
    const late = after.find((undo) => undo.task !== first.task);
    return late ? [`${late.name} started in a later workflow task than ${first.name}, not together with it`] : [];
  },
};
