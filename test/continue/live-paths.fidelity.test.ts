/**
 * Continuation fidelity: for each planted-bug variant recorded live on the dev server with a real
 * failure (test/fixtures/truthful, `npm run record:truthful`), the path the tool follows from the
 * happy history with the same fault equals the live history event by event: serial, parallel,
 * timer, patched, deadline-loop, continue-as-new and retries-exhausted rollbacks alike.
 */
import { expect } from 'chai';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { faultKind } from '../../src/faults/registry';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents, realResultsOfUnrecorded } from '../support/fidelity';
import { TRUTHFUL } from '../support/truthful-check';
import { processOptions } from '../../src/qualify';

interface Case {
  variant: string;
  step: string;
  /** The live recording's name (test/fixtures/truthful/histories). */
  live: string;
  fault?: 'activity-failed' | 'retries-exhausted';
  happy?: string;
  /** What kind of rollback it shows. */
  shape: string;
  /** The finding the proof replay gives (code whose decisions read isReplaying), where the path is still the live one. */
  proof?: RegExp;
}

const CASES: Case[] = [
  { variant: 'correct', step: 'reserve', live: 'live-correct-reserve', shape: 'serial, nothing to undo' },
  { variant: 'correct', step: 'charge', live: 'live-correct-charge', shape: 'serial' },
  { variant: 'correct', step: 'ship', live: 'live-correct-ship', shape: 'serial' },
  {
    variant: 'correct',
    step: 'ship',
    live: 'live-correct-ship-retryable',
    fault: 'retries-exhausted',
    shape: 'retries exhausted, serial',
  },
  { variant: 'parallel-undos', step: 'ship', live: 'live-parallel-undos-ship', shape: 'parallel' },
  {
    variant: 'timer-cancel',
    step: 'ship',
    live: 'live-timer-cancel-ship',
    happy: 'happy-timer-cancel',
    shape: 'timer cancelled',
  },
  {
    variant: 'deadline-sleep',
    step: 'ship',
    live: 'live-deadline-sleep-ship',
    shape: 'timers until a Date.now() deadline',
  },
  { variant: 'patched-regression', step: 'ship', live: 'live-patched-regression-ship', shape: 'patched' },
  {
    variant: 'replaying-branch',
    step: 'ship',
    live: 'live-replaying-branch-ship',
    shape: 'isReplaying branch',
    proof: /^what the workflow did live does not replay the same way \(as after a worker restart\): .*Nondeterminism/,
  },
  { variant: 'not-awaited', step: 'ship', live: 'live-not-awaited-ship', shape: 'closed with undos open' },
  { variant: 'failure-details', step: 'ship', live: 'live-failure-details-ship', shape: 'failure with details' },
  { variant: 'retry-as-new', step: 'ship', live: 'live-retry-as-new-ship', shape: 'continue-as-new' },
  {
    variant: 'undo-other-timeouts',
    step: 'ship',
    live: 'live-undo-other-timeouts-ship',
    shape: 'undo with its own timeouts',
  },
  {
    variant: 'only-non-retryable',
    step: 'ship',
    live: 'live-only-non-retryable-ship-retryable',
    fault: 'retries-exhausted',
    shape: 'retries exhausted, no undo',
  },
];

describe('continuation fidelity: the path the tool follows = the live recording of the same fault, event by event', function () {
  this.timeout(300_000);
  before(() => installQuietRuntime());

  const variants = [...new Set(CASES.map((c) => c.variant))];
  for (const variant of variants) {
    describe(variant, () => {
      let engine: RunningEngine;
      before(async () => {
        engine = await startEngine(await bundleWithObserver({ workflowsPath: `${TRUTHFUL}/variants/${variant}.ts` }), {
          ...processOptions(),
          cachedRuns: 8,
          workers: 1,
        });
      });
      after(() => engine?.close());

      for (const c of CASES.filter((each) => each.variant === variant)) {
        it(`${c.live} (${c.shape})`, async () => {
          const happy = loadHistoryFile(`${TRUTHFUL}/histories/${c.happy ?? 'happy'}.json`);
          const live = loadHistoryFile(`${TRUTHFUL}/histories/${c.live}.json`);
          const step = activitySteps(happy.events).find((s) => s.activityType === c.step)!;
          const observed = (await followScenario(
            { history: happy, step, fault: faultKind(c.fault ?? 'activity-failed') },
            engine,
            {
              decoder: new PayloadDecoder(),
              maxRounds: 100,
              givenResults: realResultsOfUnrecorded(live, happy),
            },
          )) as Observation;
          if (c.proof) expect(observed.error?.message).to.match(c.proof);
          else expect(observed.error, observed.error?.message).to.equal(undefined);
          expectSameEvents(observed.path!, live.events);
        });
      }
    });
  }
});
