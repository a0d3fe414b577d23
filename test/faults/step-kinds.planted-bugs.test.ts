import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import { faultKind } from '../../src/faults/registry';
import { findEntry, readGolden } from '../../src/judge/golden';
import { judge } from '../../src/judge/judge';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import { historySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { engineFor } from '../support/session';
import { asWorkflowType, TRAVEL_HAPPY } from '../support/step-fidelity';

const KINDS = ['child-failed', 'child-timeout', 'child-terminated', 'child-canceled', 'local-activity-failed'] as const;
/** The step each kind is injected at. */
const STEP_OF = (kind: string) => (kind === 'local-activity-failed' ? 'quoteTrip' : 'bookFlight');
/** The variant whose bug each kind alone sees (test/fixtures/travel-booking-bugs). */
const VARIANTS: Record<(typeof KINDS)[number], string> = {
  'child-failed': 'bookTripBugOnChildFailed',
  'child-timeout': 'bookTripBugOnChildTimeout',
  'child-terminated': 'bookTripBugOnChildTerminated',
  'child-canceled': 'bookTripBugOnChildCanceled',
  'local-activity-failed': 'bookTripBugOnLocalActivityFailed',
};

describe('child-workflow and local-activity fault kinds: a planted bug that only one kind sees is flagged by that kind, against the correct saga’s goldens', function () {
  this.timeout(180_000);
  const happy = loadHistoryFile(TRAVEL_HAPPY);
  const golden = readGolden('histories/travel-booking/happy.faults.json', happy);
  let engine: RunningEngine;
  const outcomes = new Map<string, string>();

  before(async () => {
    installQuietRuntime();
    engine = await engineFor('test/fixtures/travel-booking-bugs/workflows.ts');
    for (const variant of Object.values(VARIANTS)) {
      for (const kind of KINDS) {
        const history = asWorkflowType(happy, variant);
        const step = historySteps(happy.events).find((s) => s.activityType === STEP_OF(kind))!;
        const observed = (await followScenarioBothWays({ history, step, fault: faultKind(kind) }, engine, {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
        })) as Observation;
        const verdict = judge(observed, findEntry(golden, step.index, step.activityType, kind));
        outcomes.set(`${variant} × ${kind}`, verdict.outcome);
      }
    }
  });
  after(() => engine?.close());

  for (const kind of KINDS) {
    it(`${VARIANTS[kind]}: ${kind} flags it (unexpected-commands); every other kind passes`, () => {
      const seen = Object.fromEntries(KINDS.map((k) => [k, outcomes.get(`${VARIANTS[kind]} × ${k}`)]));
      expect(seen).to.deep.equal(
        Object.fromEntries(KINDS.map((k) => [k, k === kind ? 'unexpected-commands' : 'compensated'])),
      );
    });
  }
});
