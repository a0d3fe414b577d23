/**
 * The correct transfer saga, each fault followed by the tool from the happy history: the path after
 * the fault equals, event by event, what the dev server recorded for the same fault (histories by
 * `npm run record:transfer`) — through a local activity, parallel steps, a child workflow undone by
 * a child workflow, a status check answered by --results, and a cancel that lands during a step.
 * (The prefix differs only in the order the two parallel reservations completed in each run.)
 */
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import { loadGivenResults } from '../../src/continue/given-results';
import { activityFailed } from '../../src/faults/activity-failed';
import { ACTIVITY_TIMEOUTS } from '../../src/faults/activity-timeout';
import { CHILD_FAULTS } from '../../src/faults/child-faults';
import type { FaultKind } from '../../src/faults/fault';
import { localActivityFailed } from '../../src/faults/local-activity-failed';
import { retriesExhausted } from '../../src/faults/retries-exhausted';
import { workflowCancel } from '../../src/faults/workflow-cancel';
import { loadHistoryFile } from '../../src/load/load';
import type { Observation } from '../../src/model/observation';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { historySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectServerTime, normalized } from '../support/fidelity';
import type { HistoryEvent } from '../../src/history/events';
import { engineFor } from '../support/session';

const FIXTURE = 'test/fixtures/transfer';
const happy = loadHistoryFile(join(FIXTURE, 'histories', 'happy.json'));
const startToClose = ACTIVITY_TIMEOUTS.find((kind) => kind.name === 'activity-timeout:start-to-close')!;
const childFailed = CHILD_FAULTS.find((kind) => kind.name === 'child-failed')!;

const CASES: Array<{ live: string; step: string; fault: FaultKind }> = [
  { live: 'live-correct-lockFxQuote', step: 'lockFxQuote', fault: localActivityFailed },
  { live: 'live-correct-reserveDebit', step: 'reserveDebit', fault: activityFailed },
  { live: 'live-correct-reserveCredit', step: 'reserveCredit', fault: activityFailed },
  { live: 'live-correct-postLedger', step: 'postLedger', fault: childFailed },
  { live: 'live-correct-settle', step: 'settle', fault: activityFailed },
  { live: 'live-correct-settle-timeout', step: 'settle', fault: startToClose },
  { live: 'live-correct-settle-retryable', step: 'settle', fault: retriesExhausted },
  { live: 'live-correct-settle-workflow-cancel', step: 'settle', fault: workflowCancel },
];

describe('transfer saga fidelity: the tool’s path after each fault = the dev server’s, event by event', function () {
  this.timeout(180_000);
  let engine: RunningEngine;
  const givenResults = loadGivenResults(join(FIXTURE, 'results.ts'));

  before(async () => {
    installQuietRuntime();
    engine = await engineFor(join(FIXTURE, 'variants', 'correct.ts'));
  });
  after(() => engine?.close());

  for (const { live, step: type, fault } of CASES) {
    it(`${type} × ${fault.name} = ${live}`, async () => {
      const real = loadHistoryFile(join(FIXTURE, 'histories', `${live}.json`));
      const step = historySteps(happy.events).find((candidate) => candidate.activityType === type)!;
      const observed = (await followScenario({ history: happy, step, fault }, engine, {
        decoder: new PayloadDecoder(),
        maxRounds: 50,
        givenResults,
      })) as Observation;
      expect(observed.error, observed.error?.message).to.equal(undefined);
      expect(observed.openAtClose).to.equal(undefined);
      const rewritten = fault.inject(step, happy);
      const changed = rewritten.findIndex((event, index) => happy.events[index] !== event);
      // A local activity fails live: its rewrite is a prefix alone.
      const faultAt = changed < 0 ? rewritten.length : changed;
      if (type.startsWith('reserve')) {
        // The two parallel reservations closed in another order, around another workflow task, in each live run:
        // the rollback from the task that starts it is compared, its event ids apart.
        const [tool, live] = [rollbackOf(observed.path!, faultAt), rollbackOf(real.events, faultAt)];
        expect(withoutIds(normalized(tool))).to.deep.equal(withoutIds(normalized(live)));
      } else {
        expectSameTail(observed.path!, real.events, faultAt);
      }
    });
  }
});

/** The events from the workflow task that schedules the rollback's first command (the status check) on. */
function rollbackOf(events: HistoryEvent[], from: number): HistoryEvent[] {
  const check = events.findIndex(
    (event, index) =>
      index >= from && event.activityTaskScheduledEventAttributes?.activityType?.name === 'getTransferState',
  );
  return events.slice(check - 1);
}

/** Normalized events with every link to another event's id dropped (they shift with the events before). */
function withoutIds(events: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(events, (key, value) => (/EventId$|^eventId$/.test(key) ? undefined : value)));
}

/** Event by event from `from` on (set-aside fields apart), the same number of events, and the tool's times as a server keeps them. */
function expectSameTail(tool: HistoryEvent[], real: HistoryEvent[], from: number): void {
  const [a, b] = [normalized(tool), normalized(real)];
  for (let i = from; i < Math.min(a.length, b.length); i++) expect(a[i], `event ${i + 1}`).to.deep.equal(b[i]);
  expect(a.length, 'number of events').to.equal(b.length);
  expectServerTime(tool, "the tool's path");
}
