import type { Observation } from '../judge/observation';
import type { ActivityStep } from '../steps/steps';
import { lawContext } from './context';
import type { LawFinding } from './law';
import { SAGA_LAWS } from './registry';
import type { SagaSpec } from './spec';

/**
 * Every law on one scenario. A path that could not be followed (nondeterministic, could-not-run)
 * says nothing about the rollback: the laws are not judged there (undefined).
 */
export function judgeByLaws(spec: SagaSpec, steps: ActivityStep[], faulted: ActivityStep, observation: Observation): LawFinding[] | undefined {
  const outcome = observation.error?.outcome;
  if (outcome === 'nondeterministic' || outcome === 'could-not-run') return undefined;
  const context = lawContext(spec, steps, faulted, observation);
  return SAGA_LAWS.flatMap((law) => law.findings(context).map((message) => ({ law: law.name, message })));
}

/** `createTenantSchema completed but dropTenantSchema never ran (law: every completed step is undone)` */
export function findingLine(finding: LawFinding): string {
  return `${finding.message} (law: ${finding.law})`;
}
