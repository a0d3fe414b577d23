import { SagaLaw, undoneBy } from './law';

/**
 * `parallel`: the undos issued after the fault all start in one workflow task (Promise.all), none
 * waits for another. `reverse-sequential` is judged by undo-order.ts.
 */
export const undosRunTogether: SagaLaw = {
  name: 'undos start together (declared parallel)',
  findings({ spec, after }) {
    if (spec.order !== 'parallel') return [];
    const undos = after.filter((a) => undoneBy(spec, a.activity) !== undefined);
    if (undos.length < 2) return [];
    const first = undos[0];
    const late = undos.find((undo) => undo.task !== first.task);
    return late ? [`${late.activity} started in a later workflow task than ${first.activity}, not together with it`] : [];
  },
};
