import { SagaLaw, undoneBy } from './law';

/** Each `finally` activity runs, and only once every undo issued after the fault has finished. */
export const finallyAfterUndos: SagaLaw = {
  name: 'the finally steps run after the undos',
  findings({ spec, rollback, after }) {
    const undos = after.filter((a) => undoneBy(spec, a.activity) !== undefined);
    return spec.finally.flatMap((step) => {
      if (!rollback.some((r) => r.activity === step)) return [`${step} never ran`];
      return after
        .filter((a) => a.activity === step)
        .flatMap((final) => {
          const pending = undos.find((undo) => (undo.task as number) >= (final.task as number));
          if (!pending) return [];
          return [pending.task === final.task ? `${step} started together with ${pending.activity}, not after it` : `${step} ran before ${pending.activity}`];
        })
        .slice(0, 1);
    });
  },
};
