import type { HistoryEvent } from '../history/events';
import type { Observation } from '../model/observation';
import type { ActivityStep } from '../steps/steps';
import { lawContext } from './context';
import type { LawFinding, LawScenario } from './law';
import { SAGA_LAWS } from './registry';
import type { SagaSpec } from './spec';

/**
 * Every law on one scenario (after a fault that changes no outcome, `samePath`: the laws for that;
 * when a compensation fails too, `undoFails`: those a saga may break legitimately are left out;
 * `scenario`: the fault's name and the recorded history, which signal effects, `closeOn` and the
 * path's own start need). A path that could not be followed (nondeterministic, could-not-run)
 * says nothing about the rollback: the laws are not judged there (undefined).
 */
export function judgeByLaws(
  spec: SagaSpec,
  steps: ActivityStep[],
  faulted: ActivityStep,
  observation: Observation,
  samePath?: { recorded: HistoryEvent[] },
  undoFails = false,
  scenario: LawScenario = {},
): LawFinding[] | undefined {
  const outcome = observation.error?.outcome;
  if (outcome === 'nondeterministic' || outcome === 'could-not-run') return undefined;
  const recorded = scenario.recorded ?? samePath?.recorded;
  const context = lawContext(spec, steps, faulted, observation, { ...scenario, ...(recorded ? { recorded } : {}) });
  const applying = SAGA_LAWS.filter(
    (law) =>
      (law.appliesTo ?? 'rollback') === (samePath ? 'same-path' : 'rollback') &&
      !(undoFails && law.whenUndoFails === false),
  );
  return applying.flatMap((law) => law.findings(context).map((message) => ({ law: law.name, message })));
}

/** `createTenantSchema completed but dropTenantSchema never ran (law: every completed step is undone)` */
export function findingLine(finding: LawFinding): string {
  return `${finding.message} (law: ${finding.law})`;
}
