import { atCompensation, compensationSteps, firstFaultAt, type NestedFault } from '../faults/nested';
import { hitsStepKind, type FaultKind } from '../faults/fault';
import type { LoadedHistory } from '../model/history';
import type { ActivityStep, StepKind } from '../steps/steps';
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
export async function followPlanned(
  scenario: Scenario,
  engine: FollowEngine,
  options: FollowOptions,
): Promise<Followed[]> {
  const nested = scenario.fault.nested;
  if (!nested || nested.compensation) return [{ scenario, observed: await followScenario(scenario, engine, options) }];
  const firstFault = await followScenario(scenario, engine, options);
  if ('notApplicable' in firstFault) return [{ scenario, observed: firstFault }];
  if (firstFault.error) {
    const error = {
      ...firstFault.error,
      message: `after the first fault, before any compensation could meet ${nested.inner.name}: ${firstFault.error.message}`,
    };
    return [{ scenario, observed: { ...firstFault, error } }];
  }
  const afterEventId = scenario.fault.inject(scenario.step, scenario.history).length;
  // Only the compensations of a kind the inner fault hits (a child fault, child workflows; an activity fault, activities).
  const compensations = compensationSteps(firstFault.path ?? [], afterEventId, scenario.step).filter(({ step }) =>
    hitsStepKind(nested.inner, step),
  );
  if (compensations.length === 0) {
    const work = listedKinds(nested.inner);
    return [
      {
        scenario,
        observed: {
          notApplicable: `no ${work} is scheduled after the first fault (${firstFaultAt(scenario.step).name} at this step): no compensation to meet ${nested.inner.name}`,
        },
      },
    ];
  }
  const followed: Followed[] = [];
  for (const { step, compensation } of compensations) {
    const fault = atCompensation(scenario.fault as FaultKind & { nested: NestedFault }, compensation);
    const reason = compensationNotApplicable(nested.inner, step, scenario.history);
    const at = { ...scenario, fault };
    if (reason)
      followed.push({
        scenario: at,
        observed: { notApplicable: `compensation ${compensation.ordinal} ${compensation.activityType}: ${reason}` },
      });
    else followed.push({ scenario: at, observed: await followScenario(at, engine, options) });
  }
  return followed;
}

/** Why the inner fault cannot hit this compensation (of a kind it hits): the kind's own reason. */
function compensationNotApplicable(inner: FaultKind, step: ActivityStep, history: LoadedHistory): string | undefined {
  return inner.compensationNotApplicable
    ? inner.compensationNotApplicable(step, history)
    : inner.notApplicable(step, history);
}

const PLURALS: Record<StepKind, string> = {
  activity: 'activity',
  'child-workflow': 'child workflow',
  'local-activity': 'local activity',
  timer: 'timer',
  wait: 'wait',
};

/** `activity`, `child workflow`: the work the inner fault hits. */
function listedKinds(inner: FaultKind): string {
  return (inner.stepKinds ?? ['activity']).map((kind) => PLURALS[kind]).join(' or ');
}
