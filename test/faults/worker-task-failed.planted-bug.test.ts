import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import { faultKind } from '../../src/faults/registry';
import { findEntry, readGolden } from '../../src/judge/golden';
import { judge } from '../../src/judge/judge';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import { historySteps, stepKind } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { engineFor } from '../support/session';
import { asWorkflowType, TRAVEL_HAPPY } from '../support/step-fidelity';
import { expectSameEvents } from '../support/fidelity';

const KINDS = ['worker-crash', 'worker-crash:task-failed'];

// The first task of travel-booking runs a local activity, so both crash kinds retry it: a worker that
// fails it (worker-crash:task-failed) and one that dies while the local activity runs (worker-crash).
// In a saga whose first task only schedules activities, worker-crash:task-failed alone retries it.
describe('the crash kinds: a planted bug in the first workflow task (test/fixtures/travel-booking-bugs/first-task.ts) is seen by the kinds that retry that task alone, against the correct saga’s goldens', function () {
  this.timeout(180_000);
  const happy = loadHistoryFile(TRAVEL_HAPPY);
  const golden = readGolden('histories/travel-booking/happy.faults.json', happy);
  const history = asWorkflowType(happy, 'bookTripBugOnRetriedFirstTask');
  const steps = historySteps(happy.events).filter((step) => ['activity', 'local-activity'].includes(stepKind(step)));
  let engine: RunningEngine;
  const outcomes: string[] = [];
  let flagged: Observation | undefined;

  before(async () => {
    installQuietRuntime();
    engine = await engineFor('test/fixtures/travel-booking-bugs/first-task.ts');
    // The hotel booked a second time answers as the first booking did (live it did: the dev server's history
    // below); the tool does not assume that on its own (README, "Which answers a verdict rests on").
    const givenResults = { reserveHotel: { $reuse: true } };
    for (const step of steps) {
      for (const kind of KINDS) {
        const scenario = await followScenarioBothWays({ history, step, fault: faultKind(kind) }, engine, {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
          givenResults,
        });
        if ('notApplicable' in scenario) {
          outcomes.push(`${step.activityType} × ${kind}: not applicable`);
          continue;
        }
        const observed = scenario as Observation;
        outcomes.push(
          `${step.activityType} × ${kind}: ${judge(observed, findEntry(golden, step.index, step.activityType, kind)).outcome}`,
        );
        if (step.activityType === 'quoteTrip' && kind === 'worker-crash:task-failed') flagged = observed;
      }
    }
  });
  after(() => engine?.close());

  it('the retried first task (the one that runs quoteTrip and schedules reserveHotel), failed or crashed, books the hotel twice: flagged; every later task, failed or crashed, replays the first one as recorded: passes', () => {
    expect(outcomes).to.deep.equal([
      'quoteTrip × worker-crash: unexpected-commands',
      'quoteTrip × worker-crash:task-failed: unexpected-commands',
      'reserveHotel × worker-crash: compensated',
      'reserveHotel × worker-crash:task-failed: not applicable',
      'chargeCard × worker-crash: compensated',
      'chargeCard × worker-crash:task-failed: compensated',
    ]);
  });

  it('the flagged path is what the dev server recorded when the worker really failed that task (record --fail-task-scheduling quoteTrip)', () => {
    expect(flagged?.error, flagged?.error?.message).to.equal(undefined);
    expectSameEvents(
      flagged!.path!,
      loadHistoryFile('test/fixtures/travel-booking-bugs/first-task-failed.json').events,
    );
  });
});

describe('worker-crash:task-failed: the same planted bug on a saga whose first task only schedules an activity (tenant provisioning) is seen by that kind alone', function () {
  this.timeout(180_000);
  const happy = loadHistoryFile('histories/tenant-provisioning/happy.json');
  const golden = readGolden('histories/tenant-provisioning/happy.faults.json', happy);
  const history = asWorkflowType(happy, 'provisionTenantBugOnRetriedFirstTask');
  let engine: RunningEngine;
  const outcomes: string[] = [];

  before(async () => {
    installQuietRuntime();
    engine = await engineFor('test/fixtures/first-task-bug/tenant.ts');
    for (const step of historySteps(happy.events)) {
      for (const kind of KINDS) {
        const scenario = await followScenarioBothWays({ history, step, fault: faultKind(kind) }, engine, {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
        });
        const outcome =
          'notApplicable' in scenario
            ? 'not applicable'
            : judge(scenario as Observation, findEntry(golden, step.index, step.activityType, kind)).outcome;
        if (outcome !== 'compensated') outcomes.push(`${step.activityType} × ${kind}: ${outcome}`);
      }
    }
  });
  after(() => engine?.close());

  it('flagged at the first task by worker-crash:task-failed; every worker-crash scenario (the tasks after each step) passes', () => {
    expect(outcomes).to.deep.equal(['createTenantRecord × worker-crash:task-failed: unexpected-commands']);
  });
});
