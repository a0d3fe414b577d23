import type { ReplayErrorKind } from '../replay/errors';

/** The outcomes of shared/fault-catalogue.md. */
export type Outcome =
  | 'compensated'
  | 'unexpected-commands'
  | 'law-broken'
  | 'nondeterministic'
  | 'workflow-task-failed'
  | 'work-left-open'
  | 'stuck'
  | 'not-applicable'
  | 'could-not-run';

export const OUTCOMES: readonly Outcome[] = [
  'compensated',
  'unexpected-commands',
  'law-broken',
  'nondeterministic',
  'workflow-task-failed',
  'work-left-open',
  'stuck',
  'not-applicable',
  'could-not-run',
];

export interface Verdict {
  outcome: Outcome;
  /** Why, in one line, for anything but `compensated`. */
  detail?: string;
  /** Expected vs observed, line by line (`-` expected, `+` observed). */
  diff?: string;
}

/**
 * A replay error is nondeterminism, the workflow code failing its task, or core rejecting the
 * history itself: not the team's code but a history the tool cannot use (`could-not-run`).
 */
export function outcomeOfReplayError(
  kind: ReplayErrorKind,
): 'nondeterministic' | 'workflow-task-failed' | 'could-not-run' {
  if (kind === 'replay-failed') return 'could-not-run';
  return kind;
}

/** An outcome that says the workflow code does not do what its golden says: exit 1. */
export function isRegression(outcome: Outcome): boolean {
  return outcome !== 'compensated' && outcome !== 'not-applicable' && outcome !== 'could-not-run';
}

/** Anything but a pass: a regression, or a scenario the tool could not check (exit 2). */
export function isFinding(outcome: Outcome): boolean {
  return outcome !== 'compensated' && outcome !== 'not-applicable';
}
