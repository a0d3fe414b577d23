import type { GoldenEntry } from './golden';
import type { Outcome, Verdict } from './outcome';
import type { Observation } from './observation';
import type { LawFinding } from '../laws/law';
import type { StepKind } from '../steps/steps';
import type { Problem } from './problem';
import type { WorkTable } from '../report/shard-work';

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
  /** Reported from the `--incremental` file: nothing its verdict depends on changed since it was run. */
  cached?: true;
  /** Followed along the path the `--incremental` file kept for it, proved by one replay (not task by task). */
  predicted?: true;
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
  problem?: Problem;
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
  /** A file or scenario that could not be used, naming the file and where known the event; in the order of their lines. */
  problems: Problem[];
  counts: Record<Outcome, number>;
  /** 1 a regression was found (whatever else happened), else 2 something could not run, else 0. */
  exitCode: 0 | 1 | 2;
  /** False when the run was stopped before every scenario was judged (Ctrl-C). */
  complete: boolean;
  /** What the run did otherwise than asked without changing a verdict (e.g. why no path was predicted). */
  notes?: string[];
  /** The fault kinds in the run's order (as planned): a shard's report names them, so a merge puts each step's scenarios back so. */
  faults?: string[];
  /** What each scenario the run followed cost (the weights of a later run's shard split: `--weights`). */
  work?: WorkTable;
  /** With `shard`: a digest of the plan and weights the shard was cut from (../report/shard.ts cutShard). */
  shardPlan?: string;
}
