/**
 * The two checks of a fault's fidelity at one step (inside a `describe`): the rewrite equals the real
 * history the server recorded for that fault, event by event, up to the live workflow task that
 * answers it; and the path the tool follows from there equals the real history to its close.
 */
import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import type { FaultKind } from '../../src/faults/fault';
import { EventType } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import type { LoadedHistory } from '../../src/model/history';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenarioBothWays } from './predicted-fidelity';
import type { ActivityStep } from '../../src/steps/steps';
import { expectSameEvents, realResultsOfUnrecorded } from './fidelity';

export interface StepFidelity {
  happy: LoadedHistory;
  step: ActivityStep;
  fault: FaultKind;
  real: LoadedHistory;
  engine: () => RunningEngine;
  /** The fault's own event, written just before the workflow task left open. */
  faultEvent: EventType;
  /** What the rewrite's last events stand for, in the test's name. */
  after: string;
}

/** Defines the two checks; the returned function gives the followed observation, for the kind's own checks. */
export function rewriteAndPathEqualTheRealHistory({
  happy,
  step,
  fault,
  real,
  engine,
  faultEvent,
  after,
}: StepFidelity): () => Observation {
  const rewritten = fault.inject(step, happy);
  let observed: Observation;

  before(async () => {
    const scenario = await followScenarioBothWays({ history: happy, step, fault }, engine(), {
      decoder: new PayloadDecoder(),
      maxRounds: 50,
      givenResults: realResultsOfUnrecorded(real, happy),
    });
    expect(scenario).to.not.have.property('notApplicable');
    observed = scenario as Observation;
  });

  it(`rewritten events = the real history’s events up to the live workflow task after ${after}`, () => {
    expect(rewritten.slice(-3).map((e) => e.eventType)).to.deep.equal([
      faultEvent,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
  });

  it('the path the tool followed to the close = the real history, event by event (set-aside fields apart)', () => {
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expectSameEvents(observed.path!, real.events);
  });

  return () => observed;
}
