import type { GoldenEntry } from './golden';
import { isRegression, Outcome, OUTCOMES, Verdict } from './judge';
import type { Observation } from './observation';
import type { LawFinding } from '../laws/law';
import type { StepKind } from '../steps/steps';

/** Which judges gave a scenario its verdict: its golden entry, the saga laws of its spec, or both. */
export type Judge = 'golden' | 'laws';

export interface ScenarioResult extends Verdict {
  step: number;
  /** Absent for an activity step. */
  stepKind?: Exclude<StepKind, 'activity'>;
  activityType: string;
  activityId: string;
  fault: string;
  observed?: Observation;
  expected?: GoldenEntry;
  judgedBy?: Judge[];
  /** The broken saga laws, when a spec judged the scenario (empty: every law holds). */
  laws?: LawFinding[];
}

export interface HistoryResult {
  file: string;
  workflowType: string;
  workflowId: string;
  runId: string;
  golden: string;
  /** The saga spec that judged this history's scenarios, if any. */
  spec?: string;
  /** Set when the history could not be judged at all (no golden file, no spec): one problem line. */
  problem?: string;
  /** Whether the recorded history itself still replays against today's code. */
  replay: { ok: true } | { ok: false; outcome: Outcome; message: string };
  scenarios: ScenarioResult[];
  /** Golden entries that no scenario produces any more: their step or their fault kind is gone. */
  stale?: StaleEntry[];
  /** What --update did to the golden file. */
  update?: GoldenUpdate;
}

export interface StaleEntry {
  step: number;
  activityType: string;
  fault: string;
  /** Why no scenario produces it: `no step 7 deleteX in the history`, `no fault kind x`. */
  reason: string;
}

/** Per scenario key (`step 3 applyTenantMigrations × activity-failed`), with the compact form of each change. */
export interface GoldenUpdate {
  added: Array<{ scenario: string; now: string }>;
  changed: Array<{ scenario: string; was: string; now: string }>;
  removed: Array<{ scenario: string; was: string; reason: string }>;
  unchanged: number;
  /** Scenarios not recorded: they crashed, hung or could not run, and stay findings. */
  refused: Array<{ scenario: string; outcome: string; kept: boolean }>;
}

export interface RunResult {
  histories: HistoryResult[];
  /** One line each: a file or scenario that could not be used, naming the file and where known the event. */
  problems: string[];
  counts: Record<Outcome, number>;
  /** 1 a regression was found (whatever else happened), else 2 something could not run, else 0. */
  exitCode: 0 | 1 | 2;
  /** False when the run was stopped before every scenario was judged (Ctrl-C). */
  complete: boolean;
}

/** Scenarios the tool could not follow are a run that did not fully happen, not a regression. */
function scenarioProblems(histories: HistoryResult[]): string[] {
  return histories.flatMap((history) =>
    history.problem ? [history.problem] : history.scenarios
      .filter((s) => s.outcome === 'could-not-run')
      .map((s) => `${history.file}: step ${s.step} ${s.activityType} × ${s.fault}: ${s.detail}`),
  );
}

export function summarize(histories: HistoryResult[], loadProblems: string[], complete = true): RunResult {
  const problems = [...loadProblems, ...scenarioProblems(histories)];
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const scenario of histories.flatMap((h) => h.scenarios)) counts[scenario.outcome]++;
  const regression = histories.some((h) => !h.replay.ok || h.scenarios.some((s) => isRegression(s.outcome)));
  const exitCode = regression ? 1 : problems.length > 0 || !complete ? 2 : 0;
  return { histories, problems: [...problems].sort(), counts, exitCode, complete };
}
