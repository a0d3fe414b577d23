import type { WorkTable } from './shard-work';
import { problemLine } from '../model/problem';
import { isRegression, Outcome, OUTCOMES } from '../model/outcome';
import type { Observation } from '../model/observation';
import type { HistoryResult, RunResult, ScenarioResult } from '../model/results';
import { scoreOf, Score } from './score';

export const JSON_REPORT_VERSION = 1;

/** `--threshold PCT` (a floor under the fault score) and `--threshold-only` (the score alone decides). */
export interface Threshold {
  percent: number;
  only?: boolean;
}

/**
 * The report every reporter reads (the JSON report is this, as it is): one model, so a merge of
 * shard reports feeds the same reporters and gives the same bytes as an unsharded run.
 */
export interface Report {
  version: number;
  exitCode: 0 | 1 | 2;
  complete: boolean;
  counts: Record<Outcome, number>;
  score: Score;
  problems: string[];
  histories: ReportHistory[];
  /** Only in a shard's report: which shard, and the fault order a merge puts scenarios back in. */
  /**
   * `split`: SHARD_SPLIT of the tool that cut it (absent: 1, before it was written); `plan`: what it
   * was cut from (cutShard); `work`: what its scenarios cost (`--weights`).
   */
  shard?: { index: number; count: number; faults: string[]; split?: number; plan?: string; work?: WorkTable };
}

export interface ReportHistory {
  file: string;
  workflowType: string;
  workflowId: string;
  runId: string;
  golden: string;
  spec: string | null;
  replay: HistoryResult['replay'];
  /** Golden entries no scenario produces any more (their step or fault kind is gone). */
  stale?: HistoryResult['stale'];
  /** What --update did to this history's golden file. */
  update?: HistoryResult['update'];
  scenarios: ReportScenario[];
}

export interface ReportScenario {
  step: number;
  /** Absent for an activity step. */
  stepKind?: ScenarioResult['stepKind'];
  activityType: string;
  activityId: string;
  fault: string;
  outcome: Outcome;
  judgedBy: string[];
  laws?: ScenarioResult['laws'];
  detail?: string;
  rounds?: number;
  observed?: Pick<Observation, 'tasks' | 'openAtClose' | 'childCloses' | 'invented'> & {
    close: Observation['close'] | null;
  };
  expected: { tasks: unknown[]; close: unknown } | null;
  diff?: string;
  /** The rewritten history of the finding's last round, written by --repro. */
  repro?: string;
  /** Reported from the `--incremental` file, not run. */
  cached?: true;
  /** Followed along the path the `--incremental` file kept for it, proved by one replay. */
  predicted?: true;
}

export interface ReportOptions {
  /** --threshold: a fault score below it fails the run (exit 1). */
  threshold?: Threshold;
  /** --shard i/n: recorded so `merge` can put the shards back together. */
  shard?: Report['shard'];
  /** --repro: the file written for each finding, by scenario. */
  repro?: Map<ScenarioResult, string>;
}

/** Every scenario with its outcome, what it observed, what its golden expected and the diff. */
export function reportOf(result: RunResult, options: ReportOptions = {}): Report {
  const histories = result.histories.map((history) => ({
    file: history.file,
    workflowType: history.workflowType,
    workflowId: history.workflowId,
    runId: history.runId,
    golden: history.golden,
    spec: history.spec ?? null,
    replay: history.replay,
    ...(history.stale?.length ? { stale: history.stale } : {}),
    ...(history.update ? { update: history.update } : {}),
    scenarios: history.scenarios.map((s): ReportScenario => ({
      step: s.step,
      ...(s.stepKind ? { stepKind: s.stepKind } : {}),
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
      ...(options.repro?.has(s) ? { repro: options.repro.get(s) } : {}),
      ...(s.cached ? { cached: true as const } : {}),
      ...(s.predicted ? { predicted: true as const } : {}),
    })),
  }));
  return withVerdict(
    {
      version: JSON_REPORT_VERSION,
      exitCode: result.exitCode,
      complete: result.complete,
      problems: result.problems.map(problemLine),
      histories,
    },
    options,
  );
}

/** Counts, score and exit code, from the histories alone (a merge recomputes them the same way). */
export function withVerdict(
  base: Pick<Report, 'version' | 'exitCode' | 'complete' | 'problems' | 'histories'>,
  options: Pick<ReportOptions, 'threshold' | 'shard'>,
): Report {
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const scenario of base.histories.flatMap((h) => h.scenarios)) counts[scenario.outcome]++;
  const score = scoreOf(base.histories, options.threshold);
  const exitCode =
    score.belowThreshold === undefined
      ? base.exitCode
      : options.threshold?.only
        ? thresholdOnlyExitCode(base, score.belowThreshold)
        : score.belowThreshold
          ? 1
          : base.exitCode;
  return {
    version: base.version,
    exitCode,
    complete: base.complete,
    counts,
    score,
    problems: base.problems,
    histories: base.histories,
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

/** The exit code the histories and problems give: 1 a regression, else 2 something could not run, else 0. */
export function exitCodeOf(histories: ReportHistory[], problems: string[], complete: boolean): 0 | 1 | 2 {
  const regression = histories.some((h) => !h.replay.ok || h.scenarios.some((s) => isRegression(s.outcome)));
  return regression ? 1 : problems.length > 0 || !complete ? 2 : 0;
}

/**
 * --threshold is a floor: a score below it fails the run, and so does any finding. With
 * --threshold-only (adopting the tool on a corpus with known findings) the score alone decides, as
 * a mutation tool's break threshold does: findings fail the run only when the score falls below the
 * line. A recorded history that no longer replays still fails it, and a run that did not fully
 * happen is still 2.
 */
function thresholdOnlyExitCode(base: Pick<Report, 'histories' | 'problems' | 'complete'>, below: boolean): 0 | 1 | 2 {
  if (below || base.histories.some((h) => !h.replay.ok)) return 1;
  return base.problems.length > 0 || !base.complete ? 2 : 0;
}

function observedPart(observed: Observation): ReportScenario['observed'] {
  return {
    tasks: observed.tasks,
    close: observed.close ?? null,
    ...(observed.openAtClose ? { openAtClose: observed.openAtClose } : {}),
    ...(observed.childCloses ? { childCloses: observed.childCloses } : {}),
    ...(observed.invented ? { invented: observed.invented } : {}),
  };
}

export function formatReportJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
