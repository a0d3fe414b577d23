import type { Scenario } from '../model/scenario';
import type { HistoryEvent } from '../history/events';
import type { ActivityStep } from '../steps/steps';
import { findingLine, judgeByLaws } from '../laws/judge-laws';
import type { LawFinding } from '../laws/law';
import type { SagaSpec } from '../laws/spec';
import type { GoldenEntry } from '../model/golden';
import { judge } from './judge';
import { Verdict } from '../model/outcome';
import type { Observation } from '../model/observation';
import type { Judge, ScenarioResult } from '../model/results';

export interface Judges {
  /** The golden file was found (or written by --update): its entry, possibly missing, is the expectation. */
  golden: boolean;
  spec?: SagaSpec;
  steps: ActivityStep[];
  /** The recorded history's events: what a fault that changes no outcome must reproduce. */
  events: HistoryEvent[];
}

/**
 * Goldens catch any change, laws catch what is wrong even when nothing changed: a scenario is
 * judged by each that exists. An error on the path wins (it says most); then a broken law; then
 * the golden verdict. Judged by neither, the scenario could not be checked.
 */
export function judgeScenario(
  scenario: Pick<Scenario, 'step' | 'fault'>,
  observed: Observation,
  expected: GoldenEntry | undefined,
  judges: Judges,
): Pick<ScenarioResult, 'judgedBy' | 'laws'> & Verdict {
  return verdictOf(observed, expected, judges, lawsOf(scenario, observed, judges));
}

/** The saga laws' findings on one scenario (undefined: no spec): the one judge that reads the followed path. */
export function lawsOf(
  { step, fault }: Pick<Scenario, 'step' | 'fault'>,
  observed: Observation,
  judges: Omit<Judges, 'golden'>,
): LawFinding[] | undefined {
  if (!judges.spec) return undefined;
  const samePath = fault.expectsSamePath ? { recorded: judges.events } : undefined;
  // A fault that decides the close (a cancelled workflow closes canceled) does, unless the spec's closeOn says otherwise.
  const faultCloses = fault.closes?.(step, judges.events);
  const scenario = { fault: fault.name, recorded: judges.events, ...(faultCloses ? { faultCloses } : {}) };
  return judgeByLaws(judges.spec, judges.steps, step, observed, samePath, Boolean(fault.nested), scenario);
}

/** The verdict from the laws' findings and the golden entry; needs no path, so it can be given again against another golden. */
export function verdictOf(
  observed: Observation,
  expected: GoldenEntry | undefined,
  judges: Pick<Judges, 'golden'>,
  laws: LawFinding[] | undefined,
): Pick<ScenarioResult, 'judgedBy' | 'laws'> & Verdict {
  const byGolden = judges.golden ? judge(observed, expected) : undefined;
  const judgedBy: Judge[] = [...(byGolden ? ['golden' as const] : []), ...(laws ? ['laws' as const] : [])];
  const found = { judgedBy, ...(laws ? { laws } : {}) };
  if (observed.error) return { ...found, outcome: observed.error.outcome, detail: observed.error.message };
  if (laws && laws.length > 0) {
    const more = laws.length > 1 ? ` (+${laws.length - 1} more)` : '';
    return {
      ...found,
      outcome: 'law-broken',
      detail: `${findingLine(laws[0])}${more}`,
      ...(byGolden?.diff ? { diff: byGolden.diff } : {}),
    };
  }
  if (byGolden) return { ...found, ...byGolden };
  if (laws) return { ...found, outcome: 'compensated' };
  return { ...found, outcome: 'could-not-run', detail: 'judged by nothing: no golden file and no saga spec' };
}
