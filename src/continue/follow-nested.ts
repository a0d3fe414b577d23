import { atCompensation, compensationSteps, firstFaultAt, type NestedFault } from '../faults/nested';
import type { FaultKind } from '../faults/fault';
import type { FollowEngine } from './engine';
import { followScenario, type FollowOptions } from './follow';
import { type Scenario, type ScenarioObservation } from '../model/scenario';

export interface Followed {
  scenario: Scenario;
  observed: ScenarioObservation;
}

/**
 * Follows one planned scenario. A `nested:<fault>` scenario is planned once per step, since how
 * many compensations a path has is known only after following it: the first fault is followed
 * alone to the close, then once more per activity scheduled after it (each compensation meets the
 * fault in turn), in the order they were scheduled. The same plan always expands the same way.
 */
export async function followPlanned(scenario: Scenario, engine: FollowEngine, options: FollowOptions): Promise<Followed[]> {
  const nested = scenario.fault.nested;
  if (!nested || nested.compensation) return [{ scenario, observed: await followScenario(scenario, engine, options) }];
  const firstFault = await followScenario(scenario, engine, options);
  if ('notApplicable' in firstFault) return [{ scenario, observed: firstFault }];
  if (firstFault.error) {
    const error = { ...firstFault.error, message: `after the first fault, before any compensation could meet ${nested.inner.name}: ${firstFault.error.message}` };
    return [{ scenario, observed: { ...firstFault, error } }];
  }
  const afterEventId = scenario.fault.inject(scenario.step, scenario.history).length;
  const compensations = compensationSteps(firstFault.path ?? [], afterEventId);
  if (compensations.length === 0) {
    return [{ scenario, observed: { notApplicable: `no activity is scheduled after the first fault (${firstFaultAt(scenario.step).name} at this step): no compensation to meet ${nested.inner.name}` } }];
  }
  const followed: Followed[] = [];
  for (const [index, compensation] of compensations.entries()) {
    const fault = atCompensation(scenario.fault as FaultKind & { nested: NestedFault }, index + 1, compensation.activityType);
    const reason = nested.inner.notApplicable(compensation, scenario.history);
    const at = { ...scenario, fault };
    if (reason) followed.push({ scenario: at, observed: { notApplicable: `compensation ${index + 1} ${compensation.activityType}: ${reason}` } });
    else followed.push({ scenario: at, observed: await followScenario(at, engine, options) });
  }
  return followed;
}
