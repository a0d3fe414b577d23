/**
 * The fidelity tests follow each scenario twice: live, task by task, keeping its path as
 * `check --incremental` keeps it; then along that kept path, proved by one replay (predicted, as a
 * PR check after a code change follows it). The two must observe the same thing, and the test's own
 * checks then run on the predicted observation: predicted = live = what the dev server recorded.
 */
import { expect } from 'chai';
import type { FollowEngine } from '../../src/continue/engine';
import type { FollowOptions } from '../../src/continue/follow';
import type { Followed } from '../../src/continue/follow-nested';
import { followRemembering } from '../../src/continue/follow-remembering';
import { PATCH_MARKER } from '../../src/continue/predicted-path';
import type { Scenario, ScenarioObservation } from '../../src/model/scenario';
import { DEFAULTS } from '../../src/qualify';
import { normalized } from './fidelity';

/** followPlanned, live and then predicted: returns the predicted observations. */
export async function followPlannedBothWays(
  scenario: Scenario,
  engine: FollowEngine,
  options: FollowOptions,
): Promise<Followed[]> {
  const follow = { ...options, deadlineMs: DEFAULTS.deadlineMs };
  const live = await followRemembering(scenario, engine, follow, undefined);
  if (Object.keys(live.paths).length === 0) {
    const why = live.followed.map(whyNotKept);
    expect(why.every(Boolean), `a path that closed cleanly was not kept: ${JSON.stringify(why)}`).to.equal(true);
    return live.followed;
  }
  const predicted = await followRemembering(scenario, engine, follow, live.paths);
  expect(predicted.predicted, 'the kept path is predicted and proved by its replay').to.equal(true);
  expect(predicted.followed.map(comparable)).to.deep.equal(live.followed.map(comparable));
  return predicted.followed;
}

/** followScenario, live and then predicted: returns the predicted observation. */
export async function followScenarioBothWays(
  scenario: Scenario,
  engine: FollowEngine,
  options: FollowOptions,
): Promise<ScenarioObservation> {
  if (scenario.fault.nested) throw new Error('a nested fault is planned: followPlannedBothWays');
  const [only] = await followPlannedBothWays(scenario, engine, options);
  return only.observed;
}

/** Why a live follow keeps no path (PathRecorder): a fault that does not apply, an error, invented results, or a local activity it ran. */
function whyNotKept({ scenario, observed }: Followed): string | undefined {
  if ('notApplicable' in observed) return 'not applicable';
  if (observed.error) return `error: ${observed.error.outcome}`;
  if (observed.invented?.length) return 'invented results';
  // Only what the followed tasks recorded: a marker in the recorded history before the fault keeps nothing from being kept.
  const followedFrom = scenario.fault.inject(scenario.step, scenario.history).length;
  const marker = (observed.path ?? [])
    .slice(followedFrom)
    .find(
      (event) => event.markerRecordedEventAttributes && event.markerRecordedEventAttributes.markerName !== PATCH_MARKER,
    );
  return marker ? `a ${marker.markerRecordedEventAttributes!.markerName} marker` : undefined;
}

function comparable({ scenario, observed }: Followed) {
  if ('notApplicable' in observed) return { fault: scenario.fault.name, observed };
  const { path, ...rest } = observed;
  return { fault: scenario.fault.name, observed: rest, path: path && normalized(path) };
}
