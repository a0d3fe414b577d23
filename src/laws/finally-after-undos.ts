import { startKnown, type SagaLaw } from './law';
import { names } from './spec-roles';

/** Each `finally` step runs, and only once every undo issued after the fault has finished. */
export const finallyAfterUndos: SagaLaw = {
  name: 'the finally steps run after the undos',
  findings({ spec, rollback, failureAt, path, undos }) {
    if (!rollback) return [];
    const undosAfter = undos.filter((undo) => undo.taskStarted > failureAt);
    return spec.finally.flatMap((name) => {
      const runs = path.steps.filter((step) => step.role === 'finally' && names(spec, name, step));
      if (runs.length === 0) return [`${name} never ran`];
      return runs
        .filter((final) => final.taskStarted > failureAt)
        .flatMap((final) => {
          const pending = undosAfter.find((undo) => undo.task >= final.task);
          if (!pending) return [];
          if (pending.task === final.task)
            return startKnown(pending) && startKnown(final)
              ? [`${name} started together with ${pending.name}, not after it`]
              : [];
          return [`${name} ran before ${pending.name}`];
        })
        .slice(0, 1);
    });
  },
};
