import type { ChaosResult } from './run';

export const CHAOS_JSON_REPORT_VERSION = 1;

/**
 * The chaos run as JSON: the happy run (its close, steps and world) and every live run with its
 * outcome, the world's differences and its close. No workflow ids, times or paths of the machine,
 * so the same code against the same world gives the same bytes.
 */
export function formatChaosJson(result: ChaosResult): string {
  const report = {
    version: CHAOS_JSON_REPORT_VERSION,
    kind: 'chaos',
    exitCode: result.exitCode,
    workflowType: result.workflowType,
    faults: result.faults,
    allow: result.allow,
    counts: result.counts,
    problems: result.problems,
    happy: result.happy
      ? {
          close: result.happy.close ?? null,
          steps: result.happy.steps,
          world: result.happy.world ?? null,
          ...(result.happy.history ? { history: result.happy.history } : {}),
        }
      : null,
    scenarios: result.scenarios.map((s) => ({
      step: s.step,
      activityType: s.activityType,
      fault: s.fault,
      outcome: s.outcome,
      ...(s.detail ? { detail: s.detail } : {}),
      differences: s.differences,
      close: s.close ?? null,
      ...(s.history ? { history: s.history } : {}),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
