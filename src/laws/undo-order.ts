import { SagaLaw, undoneBy } from './law';

/**
 * `reverse-sequential`: one undo per workflow task (each awaited before the next starts), the
 * last completed step undone first. `parallel` declares no order.
 */
export const undoOrder: SagaLaw = {
  name: 'undos run one at a time, in reverse order',
  findings({ spec, completed, rollback, after }) {
    if (spec.order === 'parallel') return [];
    const isUndo = (activity: string) => undoneBy(spec, activity) !== undefined;
    const findings: string[] = [];
    const tasks = [...new Set(after.map((a) => a.task))];
    for (const task of tasks) {
      const together = after.filter((a) => a.task === task && isUndo(a.activity)).map((a) => a.activity);
      if (together.length > 1) findings.push(`${together.join(', ')} started together in one workflow task`);
    }
    const rank = (undo: string) => completed.lastIndexOf(undoneBy(spec, undo) as string);
    const ran = rollback.map((r) => r.activity).filter((activity) => isUndo(activity) && rank(activity) >= 0);
    for (let i = 1; i < ran.length; i++) {
      if (rank(ran[i - 1]) < rank(ran[i])) {
        const [first, second] = [ran[i - 1], ran[i]];
        findings.push(`${first} ran before ${second}, but ${undoneBy(spec, first)} completed before ${undoneBy(spec, second)}`);
        break;
      }
    }
    return findings;
  },
};
