import { isRegression, OUTCOMES, type Outcome } from '../model/outcome';
import type { HistoryResult, RunResult, ScenarioResult } from '../model/results';
import { sortProblems, type Problem } from '../model/problem';

/** Scenarios the tool could not follow are a run that did not fully happen, not a regression. */
function scenarioProblems(histories: HistoryResult[]): Problem[] {
  return histories.flatMap((history) =>
    history.problem
      ? [history.problem]
      : history.scenarios
          .filter((s) => s.outcome === 'could-not-run')
          .map((s): Problem => ({
            kind: judgedByNothing(s) ? 'not-judged' : 'could-not-run',
            file: history.file,
            message: `step ${s.step} ${s.activityType} × ${s.fault}: ${s.detail}`,
          })),
  );
}

export function summarize(histories: HistoryResult[], loadProblems: Problem[], complete = true): RunResult {
  const problems = [...loadProblems, ...scenarioProblems(histories)];
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const scenario of histories.flatMap((h) => h.scenarios)) counts[scenario.outcome]++;
  const regression = histories.some((h) => !h.replay.ok || h.scenarios.some((s) => isRegression(s.outcome)));
  const exitCode = regression ? 1 : problems.length > 0 || !complete ? 2 : 0;
  return { histories, problems: sortProblems(problems), counts, exitCode, complete };
}

/** Followed to its close, but neither a golden file nor a spec judged it (spec --infer runs so). */
function judgedByNothing(scenario: ScenarioResult): boolean {
  return scenario.judgedBy?.length === 0 && !scenario.observed?.error;
}
