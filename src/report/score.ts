import type { Threshold } from './model';
import type { ReportHistory } from './model';

export interface ScorePart {
  compensated: number;
  /** Scenarios the fault could hit and the tool could judge: not `not-applicable`, not `could-not-run`. */
  applicable: number;
  /** compensated / applicable in percent, two decimals; null when nothing was applicable. */
  percent: number | null;
}

export interface Score extends ScorePart {
  byWorkflowType: Record<string, ScorePart>;
  threshold?: number;
  belowThreshold?: boolean;
  /** `--threshold-only`: findings above the threshold do not fail the run. */
  thresholdOnly?: true;
}

/**
 * The fault score, like a mutation score: of the scenarios where the fault can happen and was
 * judged, how many were compensated as expected. `could-not-run` is left out (as mutation tools
 * leave out mutants that do not compile): it is a problem of the run, and exit 2 already says so.
 */
export function scoreOf(histories: ReportHistory[], given?: Threshold): Score {
  const threshold = given?.percent;
  const byType = new Map<string, { compensated: number; applicable: number }>();
  const overall = { compensated: 0, applicable: 0 };
  for (const history of histories) {
    const part = byType.get(history.workflowType) ?? { compensated: 0, applicable: 0 };
    byType.set(history.workflowType, part);
    for (const scenario of history.scenarios) {
      if (scenario.outcome === 'not-applicable' || scenario.outcome === 'could-not-run') continue;
      for (const count of [part, overall]) {
        count.applicable++;
        if (scenario.outcome === 'compensated') count.compensated++;
      }
    }
  }
  const byWorkflowType = Object.fromEntries(
    [...byType.keys()].sort().map((type) => [type, withPercent(byType.get(type)!)]),
  );
  const score: Score = { ...withPercent(overall), byWorkflowType };
  if (threshold !== undefined) {
    score.threshold = threshold;
    // Nothing applicable is no score at all: the run's own exit code (2 when nothing could run) says why.
    if (score.percent !== null) score.belowThreshold = score.percent < threshold;
    if (given?.only) score.thresholdOnly = true;
  }
  return score;
}

function withPercent(count: { compensated: number; applicable: number }): ScorePart {
  return {
    ...count,
    percent: count.applicable === 0 ? null : Math.floor((count.compensated / count.applicable) * 10_000) / 100,
  };
}

export function percentText(part: ScorePart): string {
  return part.percent === null ? 'n/a' : `${part.percent}%`;
}

/** `fault score 95.83% (92 of 96 applicable scenarios compensated); provisionTenant 95.83%` */
export function scoreLine(score: Score): string {
  const types = Object.entries(score.byWorkflowType);
  const perType =
    types.length > 1
      ? `; ${types.map(([type, part]) => `${type} ${percentText(part)} (${part.compensated}/${part.applicable})`).join(', ')}`
      : '';
  const met = score.thresholdOnly ? ' (--threshold-only: findings above it do not fail the run)' : '';
  const threshold =
    score.threshold === undefined
      ? ''
      : score.belowThreshold
        ? `; below the threshold ${score.threshold}%: exit 1`
        : `; threshold ${score.threshold}% met${met}`;
  return `fault score ${percentText(score)} (${score.compensated} of ${score.applicable} applicable ${score.applicable === 1 ? 'scenario' : 'scenarios'} compensated)${perType}${threshold}`;
}
