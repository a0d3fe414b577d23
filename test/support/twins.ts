import type { RunResult } from '../../src/model/results';

/**
 * Each planted bug of another SDK's saga (the knob names of test/fixtures/python-saga-variants and
 * the Go worker's -bugs) and its TypeScript twin (test/fixtures/saga-variants).
 */
export const TWINS: Record<string, string> = {
  missing_compensation: 'missing-compensation',
  forward_order: 'forward-order',
  parallel_undos: 'parallel-undos',
  not_awaited: 'not-awaited',
  swallow_error: 'swallow-error',
  throw_in_compensation: 'throw-in-compensation',
  live_only_branch: 'live-only-branch',
};

/** The fault kinds the twins are compared under. */
export const TWIN_FAULTS = ['activity-failed', 'retries-exhausted'];

/** Every scenario's verdict, by step and fault. */
export function verdicts(result: RunResult): string[] {
  return result.histories.flatMap((h) =>
    h.scenarios.map((s) => `${s.step} ${s.activityType} × ${s.fault}: ${s.outcome}`),
  );
}
