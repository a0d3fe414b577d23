import { firstOfEach, startKnown, stepUndoneBy, type SagaLaw } from './law';
import type { PathStep } from './path';
import { stageOf } from './spec-roles';

/**
 * `stages` (steps run in parallel within a stage, stages one after another): the undos of one
 * stage start together, and every undo of a later stage has finished before an undo of an earlier
 * stage starts.
 */
export const undoStages: SagaLaw = {
  name: 'undos run stage by stage, the last stage first',
  findings({ spec, rollback, failureAt, undos }) {
    if (!rollback || !spec.stages) return [];
    const staged = firstOfEach(undos.filter((undo) => undo.taskStarted > failureAt)).flatMap((undo) => {
      const stage = stageOf(spec, stepUndoneBy(spec, undo));
      return stage === undefined ? [] : [{ undo, stage }];
    });
    const findings: string[] = [];
    for (const stage of [...new Set(staged.map((s) => s.stage))]) {
      const together = staged.filter((s) => s.stage === stage && startKnown(s.undo)).map((s) => s.undo);
      const late = together.find((undo) => undo.task !== together[0].task);
      if (late)
        findings.push(
          `${late.name} started in a later workflow task than ${together[0].name}, though both undo stage ${stage + 1} (${spec.stages[stage].join(', ')})`,
        );
    }
    const finished = (undo: PathStep, before: PathStep) =>
      undo.closedAt !== undefined &&
      (undo.closedAt < before.taskStarted || (undo.kind === 'local-activity' && undo.task === before.task));
    const early = staged.find((earlier) =>
      staged.some((later) => later.stage > earlier.stage && !finished(later.undo, earlier.undo)),
    );
    if (early) {
      const later = staged.find((l) => l.stage > early.stage && !finished(l.undo, early.undo))!;
      findings.push(
        `${early.undo.name} (stage ${early.stage + 1}) started before ${later.undo.name} (stage ${later.stage + 1}) had finished: stages are undone last first`,
      );
    }
    return findings;
  },
};
