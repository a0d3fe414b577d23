import { startKnown, stepUndoneBy, type SagaLaw } from './law';

/**
 * `reverse-sequential`: one undo per workflow task (each awaited before the next starts), the
 * last completed step undone first. `parallel` declares no order; `stages` are judged by undo-stages.ts.
 */
export const undoOrder: SagaLaw = {
  name: 'undos run one at a time, in reverse order',
  findings({ spec, rollback, failureAt, completed, undos }) {
    if (!rollback || spec.order === 'parallel' || spec.stages) return [];
    const findings: string[] = [];
    const after = undos.filter((undo) => undo.taskStarted > failureAt);
    for (const task of [...new Set(after.map((undo) => undo.task))]) {
      const together = after.filter((undo) => undo.task === task && startKnown(undo)).map((undo) => undo.name);
      if (together.length > 1) findings.push(`${together.join(', ')} started together in one workflow task`);
    }
    const order = completed.map((step) => step.name);
    const rank = (undo: (typeof undos)[number]) => order.lastIndexOf(stepUndoneBy(spec, undo));
    const ran = undos.filter((undo) => rank(undo) >= 0);
    for (let i = 1; i < ran.length; i++) {
      if (rank(ran[i - 1]) < rank(ran[i])) {
        const [first, second] = [ran[i - 1], ran[i]];
        findings.push(
          `${first.name} ran before ${second.name}, but ${stepUndoneBy(spec, first)} completed before ${stepUndoneBy(spec, second)}`,
        );
        break;
      }
    }
    return findings;
  },
};
