/**
 * What the saga shapes' planted bugs (and two corpus sagas) did live on the dev server
 * (`npm run record:saga-shapes`; test/fixtures/cancel-saga for the reference saga), so each law
 * finding of saga-shapes.test.ts that is a real bug has its live counterpart; and, for the open-account
 * shape cancelled while a step runs, the path the tool follows = the live history event by event,
 * judged by the laws as saga-shapes.test.ts judges it.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { startEngine } from '../../src/continue/engine';
import { workflowCancel } from '../../src/faults/workflow-cancel';
import { idOf, type HistoryEvent } from '../../src/history/events';
import { findingLine, judgeByLaws } from '../../src/laws/judge-laws';
import { readSpec } from '../../src/laws/spec';
import { loadHistoryFile } from '../../src/load/load';
import type { Observation } from '../../src/model/observation';
import { processOptions } from '../../src/qualify';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { historySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { CANCEL_SAGA_HISTORIES } from '../../scripts/record-cancel-saga';
import { SAGA_SHAPES } from '../../scripts/record-saga-shapes';
import { expectSameEvents, realResultsOfUnrecorded } from '../support/fidelity';
import { history } from '../support/saga-shapes';

/** The activities a history schedules (and the children it starts), by name, in order. */
const scheduled = (events: HistoryEvent[]) =>
  events.flatMap(
    (e) =>
      e.activityTaskScheduledEventAttributes?.activityType?.name ??
      e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ??
      [],
  );
/** The activity of this type completed after the workflow's cancellation was requested. */
function completedAfterCancel(events: HistoryEvent[], type: string): boolean {
  const cancelAt = events.findIndex((e) => e.workflowExecutionCancelRequestedEventAttributes);
  const step = historySteps(events).find((s) => s.activityType === type);
  return (
    cancelAt >= 0 &&
    step?.closeEventType === 'ActivityTaskCompleted' &&
    step.closeEventId! > idOf(events[cancelAt].eventId)
  );
}
const closeOf = (events: HistoryEvent[]) =>
  Object.keys(events.at(-1)!).find((k) => k.startsWith('workflowExecution') && k.endsWith('EventAttributes'));
const load = (shape: string, name: string) => loadHistoryFile(history(shape, name)).events;

describe('saga shapes: what the planted bugs did live', function () {
  this.timeout(300_000);
  before(() => installQuietRuntime());

  it('open-account cancelled while addClient runs: live, addClient completes after the cancel; the sample as written undoes nothing, TRY_CANCEL never undoes addClient, the correct code undoes both', () => {
    const correct = load('open-account', 'live-correct-cancel-during-addClient');
    const notShielded = load('open-account', 'live-not-shielded-cancel-during-addClient');
    const inFlight = load('open-account', 'live-in-flight-dropped-cancel-during-addClient');
    for (const events of [correct, notShielded, inFlight]) {
      expect(completedAfterCancel(events, 'addClient')).to.equal(true);
      expect(closeOf(events)).to.equal('workflowExecutionCanceledEventAttributes');
    }
    expect(scheduled(correct).slice(3)).to.deep.equal(['removeClient', 'clearPostalAddresses']);
    expect(scheduled(notShielded).slice(3)).to.deep.equal([]);
    expect(scheduled(inFlight).slice(3)).to.deep.equal(['clearPostalAddresses']);
  });

  it('open-account: the path the tool follows after workflow-cancel at addClient = the live history, for the correct code and both bugs; the laws flag exactly the bugs', async () => {
    const happy = loadHistoryFile(history('open-account', 'happy'));
    const addClient = historySteps(happy.events).find((s) => s.activityType === 'addClient')!;
    const spec = readSpec(join(SAGA_SHAPES, 'open-account', 'histories', 'openAccount.saga.json')).spec!;
    const verdicts: Record<string, string[]> = {};
    for (const variant of ['correct', 'not-shielded', 'in-flight-dropped']) {
      const engine = await startEngine(
        await bundleWithObserver({ workflowsPath: join(SAGA_SHAPES, 'open-account', `${variant}.ts`) }),
        {
          ...processOptions(),
          cachedRuns: 4,
        },
      );
      try {
        const live = loadHistoryFile(history('open-account', `live-${variant}-cancel-during-addClient`));
        // The undos' results as live (a void activity answers a null payload): the happy history never ran them.
        const givenResults = realResultsOfUnrecorded(live, happy);
        const observed = (await followScenario({ history: happy, step: addClient, fault: workflowCancel }, engine, {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
          givenResults,
        })) as Observation;
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expectSameEvents(observed.path!, live.events);
        const laws = judgeByLaws(spec, historySteps(happy.events), addClient, observed, undefined, false, {
          fault: 'workflow-cancel',
          faultCloses: 'canceled',
          recorded: happy.events,
        });
        verdicts[variant] = (laws ?? []).map(findingLine);
      } finally {
        await engine.close();
      }
    }
    expect(verdicts).to.deep.equal({
      correct: [],
      'not-shielded': [
        'addAddress completed but clearPostalAddresses never ran (law: every completed step is undone)',
        'addClient completed but removeClient never ran (law: every completed step is undone)',
      ],
      'in-flight-dropped': ['addClient completed but removeClient never ran (law: every completed step is undone)'],
    });
  });

  it("open-account cancelled while addBankAccount runs and fails (as on record): the tool's path = the live history; correct code closes failed with no finding, a cancel reported as a failure (its undo scheduled before the failure came) is caught", async () => {
    const recorded = loadHistoryFile(history('open-account', 'real-failure-addBankAccount'));
    const addBankAccount = historySteps(recorded.events).find((s) => s.activityType === 'addBankAccount')!;
    const spec = readSpec(join(SAGA_SHAPES, 'open-account', 'histories', 'openAccount.saga.json')).spec!;
    const verdicts: Record<string, string[]> = {};
    for (const variant of ['correct', 'cancel-as-failure']) {
      const engine = await startEngine(
        await bundleWithObserver({ workflowsPath: join(SAGA_SHAPES, 'open-account', `${variant}.ts`) }),
        { ...processOptions(), cachedRuns: 4 },
      );
      try {
        const live = loadHistoryFile(history('open-account', `live-${variant}-cancel-during-failing-addBankAccount`));
        const observed = (await followScenario(
          { history: recorded, step: addBankAccount, fault: workflowCancel },
          engine,
          {
            decoder: new PayloadDecoder(),
            maxRounds: 50,
            givenResults: realResultsOfUnrecorded(live, recorded),
          },
        )) as Observation;
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expectSameEvents(observed.path!, live.events);
        const laws = judgeByLaws(spec, historySteps(recorded.events), addBankAccount, observed, undefined, false, {
          fault: 'workflow-cancel',
          faultCloses: 'canceled',
          recorded: recorded.events,
        });
        verdicts[variant] = (laws ?? []).map(findingLine);
      } finally {
        await engine.close();
      }
    }
    expect(verdicts.correct).to.deep.equal([]);
    expect(verdicts['cancel-as-failure']).to.have.length(1);
    expect(verdicts['cancel-as-failure'][0]).to.match(
      /^the workflow closed failed, a workflow-cancel closes canceled /,
    );
  });

  it('breakfast, both samples as written, cancelled while addCereal runs: live, no undo runs at all', () => {
    for (const name of [
      'live-not-shielded-cancel-during-addCereal',
      'live-parallel-not-shielded-cancel-during-addCereal',
    ]) {
      const events = load('breakfast', name);
      expect(completedAfterCancel(events, 'addCereal'), name).to.equal(true);
      expect(scheduled(events), name).to.deep.equal(['getBowl', 'addCereal']);
      expect(closeOf(events)).to.equal('workflowExecutionCanceledEventAttributes');
    }
  });

  it('e-commerce: cancelOrder during the payment rolls the order back with the correct code; ignored, the order ships and completes', () => {
    const correct = load('ecommerce', 'cancel-order-during-processPayment');
    expect(scheduled(correct).filter((name) => name !== 'sendNotification')).to.deep.equal([
      'reserveInventory',
      'processPayment',
      'refundPayment',
      'releaseInventory',
    ]);
    expect(closeOf(correct)).to.equal('workflowExecutionFailedEventAttributes');
    const ignored = load('ecommerce', 'live-ignores-cancel-cancel-order-during-processPayment');
    expect(scheduled(ignored).filter((name) => name !== 'sendNotification')).to.deep.equal([
      'reserveInventory',
      'processPayment',
      'createShipment',
    ]);
    expect(closeOf(ignored)).to.equal('workflowExecutionCompletedEventAttributes');
  });

  it('transfer, reserveCredit failing: the correct code releases the debit hold; with Promise.all the workflow closes while reserveDebit runs, and nothing releases it', () => {
    const correct = load('transfer', 'real-failure-reserveCredit');
    expect(scheduled(correct)).to.include('releaseDebit');
    const all = load('transfer', 'live-all-not-settled-reserveCredit');
    expect(scheduled(all)).to.include('reserveDebit');
    expect(scheduled(all)).not.to.include('releaseDebit');
    expect(historySteps(all).find((s) => s.activityType === 'reserveDebit')!.closeEventType).to.equal(undefined);
    expect(closeOf(all)).to.equal('workflowExecutionFailedEventAttributes');
  });

  describe('the corpus sagas cancelled while a step runs: the step completes after the cancel, and (since the laws found it left done) its undo runs', () => {
    // Recorded again after examples/ took WAIT_CANCELLATION_COMPLETED: under TRY_CANCEL the same recordings showed
    // createTenantSchema and chargeCard completed after the cancel and never undone (the law findings that led to the fix).
    it('provisionTenant cancelled during createTenantSchema: it completes after the cancel, then dropTenantSchema, deleteTenantRecord, markTenantFailed; canceled (test/fixtures/cancel-saga)', () => {
      const events = loadHistoryFile(
        join(CANCEL_SAGA_HISTORIES, 'reference-cancel-during-createTenantSchema.json'),
      ).events;
      expect(completedAfterCancel(events, 'createTenantSchema')).to.equal(true);
      expect(scheduled(events)).to.deep.equal([
        'createTenantRecord',
        'createTenantSchema',
        'dropTenantSchema',
        'deleteTenantRecord',
        'markTenantFailed',
      ]);
      expect(closeOf(events)).to.equal('workflowExecutionCanceledEventAttributes');
    });

    it('bookTrip cancelled during chargeCard: the card is charged after the cancel, then refunded, the trip undone; canceled', () => {
      const events = loadHistoryFile(
        join(SAGA_SHAPES, 'corpus-evidence', 'histories', 'live-bookTrip-cancel-during-chargeCard.json'),
      ).events;
      expect(completedAfterCancel(events, 'chargeCard')).to.equal(true);
      expect(scheduled(events).slice(-4)).to.deep.equal(['chargeCard', 'refundCard', 'cancelFlight', 'cancelHotel']);
      expect(closeOf(events)).to.equal('workflowExecutionCanceledEventAttributes');
    });

    it('bookTrip cancelled during reserveHotel: the hotel is reserved after the cancel, then cancelled; canceled', () => {
      const events = loadHistoryFile(
        join(SAGA_SHAPES, 'corpus-evidence', 'histories', 'live-bookTrip-cancel-during-reserveHotel.json'),
      ).events;
      expect(completedAfterCancel(events, 'reserveHotel')).to.equal(true);
      expect(scheduled(events)).to.deep.equal(['reserveHotel', 'cancelHotel']);
      expect(closeOf(events)).to.equal('workflowExecutionCanceledEventAttributes');
    });
  });
});
