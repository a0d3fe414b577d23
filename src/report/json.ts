import type { Observation } from '../judge/observation';
import type { RunResult } from '../run';

export const JSON_REPORT_VERSION = 1;

/**
 * Every scenario with its outcome, what it observed, what its golden expected and the diff.
 * Nothing in it depends on time or on the machine, so the same inputs give the same bytes.
 */
export function formatJson(result: RunResult): string {
  const report = {
    version: JSON_REPORT_VERSION,
    exitCode: result.exitCode,
    complete: result.complete,
    counts: result.counts,
    problems: result.problems,
    histories: result.histories.map((history) => ({
      file: history.file,
      workflowType: history.workflowType,
      workflowId: history.workflowId,
      runId: history.runId,
      golden: history.golden,
      spec: history.spec ?? null,
      replay: history.replay,
      scenarios: history.scenarios.map((s) => ({
        step: s.step,
        activityType: s.activityType,
        activityId: s.activityId,
        fault: s.fault,
        outcome: s.outcome,
        judgedBy: s.judgedBy ?? [],
        ...(s.laws ? { laws: s.laws } : {}),
        ...(s.detail ? { detail: s.detail } : {}),
        ...(s.observed ? { rounds: s.observed.rounds, observed: observedPart(s.observed) } : {}),
        expected: s.expected ? { tasks: s.expected.tasks ?? [], close: s.expected.close ?? null } : null,
        ...(s.diff ? { diff: s.diff } : {}),
      })),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function observedPart(observed: Observation) {
  return {
    tasks: observed.tasks,
    close: observed.close ?? null,
    ...(observed.openAtClose ? { openAtClose: observed.openAtClose } : {}),
    ...(observed.invented ? { invented: observed.invented } : {}),
  };
}
