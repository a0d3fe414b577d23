import type { ChaosFault } from './faults/fault';
import { differenceLine, diffWorlds, isAllowed } from './diff';
import type { LiveClose, LiveRun } from './live';

export type ChaosOutcome =
  'clean' | 'orphan' | 'not-idempotent' | 'not-absorbed' | 'stuck' | 'workflow-task-failed' | 'could-not-run';

export const CHAOS_OUTCOMES: readonly ChaosOutcome[] = [
  'clean',
  'orphan',
  'not-idempotent',
  'not-absorbed',
  'stuck',
  'workflow-task-failed',
  'could-not-run',
];

/** Outcomes that are a finding about the team's code (exit 1); `could-not-run` is exit 2. */
export function isChaosFinding(outcome: ChaosOutcome): boolean {
  return outcome !== 'clean' && outcome !== 'could-not-run';
}

export interface ChaosVerdict {
  outcome: ChaosOutcome;
  detail?: string;
  /** The world's differences that make the finding, one line each (`+` left behind, `-` lost, `~` changed). */
  differences: string[];
}

export interface VerdictInput {
  fault: ChaosFault;
  run: LiveRun;
  /** The fault actually happened at the target step. */
  injected: boolean;
  /** Snapshots: after reset (before this run), after this run, after the happy run. */
  before: unknown;
  after: unknown;
  happy: { world: unknown; close: LiveClose };
  /** Paths of the world allowed to differ from `before` after a rollback (e.g. the row marked failed). */
  allow: string[];
}

/**
 * The rules: a run that does not close is stuck; after a rollback (`world-before` faults) anything
 * left that is not allowed is an orphan; after a retried or repeated step (`happy-world` faults)
 * the close must equal the happy run's (else the fault was not absorbed: the world's differences
 * are then its consequence, shown too) and so must the world (else a step is not idempotent).
 */
export function judgeRun(input: VerdictInput): ChaosVerdict {
  const { fault, run } = input;
  if (run.taskFailure) return { outcome: 'workflow-task-failed', detail: run.taskFailure, differences: [] };
  if (run.stuck || !run.close) return { outcome: 'stuck', detail: run.stuck ?? 'no close', differences: [] };
  if (!input.injected) {
    return {
      outcome: 'could-not-run',
      detail: 'the run did not reach the target step, so the fault never happened',
      differences: [],
    };
  }
  if (fault.baseline === 'world-before') {
    const left = diffWorlds(input.before, input.after).filter((d) => !isAllowed(d.path, input.allow));
    if (left.length === 0) return { outcome: 'clean', differences: [] };
    return {
      outcome: 'orphan',
      detail: `${left.length} difference(s) from the world before the run`,
      differences: left.map(differenceLine),
    };
  }
  const changed = diffWorlds(input.happy.world, input.after).map(differenceLine);
  const expected = JSON.stringify(input.happy.close);
  const observed = JSON.stringify(run.close);
  if (expected !== observed) {
    return {
      outcome: 'not-absorbed',
      detail: 'the workflow closed differently from the happy run',
      differences: [`- close: ${expected}`, `+ close: ${observed}`, ...changed],
    };
  }
  if (changed.length > 0) {
    return {
      outcome: 'not-idempotent',
      detail: `${changed.length} difference(s) from the happy run's world`,
      differences: changed,
    };
  }
  return { outcome: 'clean', differences: [] };
}
