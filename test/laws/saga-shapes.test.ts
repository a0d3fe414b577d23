/**
 * The saga laws on real saga shapes (test/fixtures/saga-shapes, recorded live by
 * `npm run record:saga-shapes`), judged by each shape's reviewed spec alone: the correct code of
 * every shape passes every fault kind with no finding (exit 0), and each planted bug of the same
 * shape is caught by the laws, the finding naming the law and the step. What the bugs do on a real
 * server: saga-shapes.live-facts.test.ts.
 */
import { expect } from 'chai';
import type { RunResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';
import {
  checkShape,
  findingLines,
  history,
  linesAt,
  notCompensated,
  scenariosOf,
  specWith,
} from '../support/saga-shapes';

const everyCompletedUndone = (step: string, undo: string) =>
  `${step} completed but ${undo} never ran (law: every completed step is undone)`;

describe('saga laws on real saga shapes, each judged by its reviewed spec alone', function () {
  this.timeout(1_200_000);
  before(() => installQuietRuntime());

  describe('correct code: every fault kind, every recorded history, no law finding (exit 0)', () => {
    for (const shape of ['open-account', 'breakfast', 'ecommerce', 'transfer']) {
      it(shape, async () => {
        const result = await checkShape(shape, 'correct');
        expect(result.problems).to.deep.equal([]);
        expect(notCompensated(result)).to.deep.equal([]);
        const judged = scenariosOf(result).filter((s) => s.outcome === 'compensated');
        expect(judged.length).to.be.greaterThan(40);
        expect(judged.every((s) => s.judgedBy?.join('+') === 'laws')).to.equal(true);
        expect(result.exitCode).to.equal(0);
      });
    }
  });

  describe("a cancel raced by the in-flight step's own failure (it failed on record): either close is as declared, no other", () => {
    const raced = (spec?: string) =>
      checkShape(
        'open-account',
        'correct',
        [history('open-account', 'real-failure-addBankAccount')],
        ['workflow-cancel'],
        spec,
      );
    it('the correct saga closes failed (the step failed before the cancel reached it): no finding', async () => {
      const result = await raced();
      expect(linesAt(result, 4, 'workflow-cancel', 'real-failure-addBankAccount.json')).to.deep.equal([]);
      expect(result.exitCode).to.equal(0);
    });
    it('a spec that declares another close: the failed close is a finding', async () => {
      const result = await raced(specWith('open-account', 'openAccount', (spec) => (spec.close = 'completed')));
      const lines = linesAt(result, 4, 'workflow-cancel', 'real-failure-addBankAccount.json');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(
        /^the workflow closed failed, a workflow-cancel closes canceled, or completed when a step in flight at the cancel fails first .*\(law: the workflow closes once, as declared\)$/,
      );
    });
  });

  it('a cancel reported as a failure is caught where the in-flight step failed on record too: the workflow acted on the cancel (its undos ran) before that failure came', async () => {
    const result = await checkShape(
      'open-account',
      'cancel-as-failure',
      [history('open-account', 'real-failure-addBankAccount')],
      ['workflow-cancel'],
    );
    const lines = linesAt(result, 4, 'workflow-cancel', 'real-failure-addBankAccount.json');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      /^the workflow closed failed, a workflow-cancel closes canceled \(unless "closeOn" .*\(law: the workflow closes once, as declared\)$/,
    );
    expect(result.exitCode).to.equal(1);
  });

  describe('planted bugs, caught by the laws alone', () => {
    const happy = (shape: string) => [history(shape, 'happy')];
    const run = async (
      shape: string,
      variant: string,
      faults: string[],
      histories = happy(shape),
    ): Promise<RunResult> => {
      const result = await checkShape(shape, variant, histories, faults);
      expect(result.problems).to.deep.equal([]);
      expect(result.exitCode).to.equal(1);
      return result;
    };

    it('open-account, the sample as written (undos in the cancelled scope): every step completed before a cancel is left undone', async () => {
      const result = await run('open-account', 'not-shielded', ['activity-failed', 'workflow-cancel']);
      expect(notCompensated(result)).to.deep.equal(
        [2, 3, 4].map(
          (step) =>
            `happy.json ${step} ${['addAddress', 'addClient', 'addBankAccount'][step - 2]} × workflow-cancel: law-broken`,
        ),
      );
      expect(linesAt(result, 3, 'workflow-cancel')).to.deep.equal([
        everyCompletedUndone('addAddress', 'clearPostalAddresses'),
        everyCompletedUndone('addClient', 'removeClient'),
      ]);
    });

    it('open-account, steps cancelled with TRY_CANCEL: the step in flight at the cancel completes after it and is never undone', async () => {
      const result = await run('open-account', 'in-flight-dropped', ['workflow-cancel']);
      expect(linesAt(result, 3, 'workflow-cancel')).to.deep.equal([everyCompletedUndone('addClient', 'removeClient')]);
      expect(linesAt(result, 2, 'workflow-cancel')).to.deep.equal([
        'addAddress completed after the workflow closed (it was still running, and it sets no heartbeat timeout: nothing stops it) but clearPostalAddresses never ran (law: every completed step is undone)',
      ]);
    });

    it('breakfast (register-before), the sample as written: a cancel cancels the undos too', async () => {
      const result = await run('breakfast', 'not-shielded', ['activity-failed', 'workflow-cancel']);
      expect(notCompensated(result)).to.deep.equal([
        'happy.json 1 getBowl × workflow-cancel: law-broken',
        'happy.json 2 addCereal × workflow-cancel: law-broken',
        'happy.json 3 addMilk × workflow-cancel: law-broken',
      ]);
      expect(linesAt(result, 2, 'workflow-cancel')).to.deep.equal([
        everyCompletedUndone('getBowl', 'putBowlAway'),
        everyCompletedUndone('addCereal', 'putCerealBackInBox'),
      ]);
    });

    it('breakfast: putBowlAway never registered, caught in both shapes (the failed first step too, where undoFailedStep is declared)', async () => {
      const result = await run(
        'breakfast',
        'forgets-bowl',
        ['activity-failed'],
        [history('breakfast', 'happy'), history('breakfast', 'parallel-happy')],
      );
      expect(linesAt(result, 1, 'activity-failed')).to.deep.equal([
        'getBowl failed (test/fixtures/saga-shapes/breakfast/histories/breakfastWorkflow.saga.json declares undoFailedStep) but putBowlAway never ran (law: every completed step is undone)',
      ]);
      expect(linesAt(result, 2, 'activity-failed', 'parallel-happy.json')).to.deep.equal([
        everyCompletedUndone('getBowl', 'putBowlAway'),
      ]);
    });

    it('e-commerce: cancelOrder never checked: the order goes through after the customer cancelled it', async () => {
      const result = await run('ecommerce', 'ignores-cancel', ['signal:cancelOrder', 'signal:approveOrder']);
      expect(notCompensated(result).every((cell) => cell.includes('signal:cancelOrder'))).to.equal(true);
      expect(linesAt(result, 3, 'signal:cancelOrder')).to.deep.equal([
        everyCompletedUndone('reserveInventory', 'releaseInventory'),
        everyCompletedUndone('processPayment', 'refundPayment'),
        everyCompletedUndone('createShipment', 'cancelShipment'),
        'the workflow closed completed, test/fixtures/saga-shapes/ecommerce/histories/orderWorkflow.saga.json declares failed (law: the workflow closes once, as declared)',
      ]);
    });

    it('transfer, Promise.all instead of allSettled: the hold that completed after its sibling failed is never released', async () => {
      const result = await run('transfer', 'all-not-settled', ['activity-failed']);
      expect(linesAt(result, 3, 'activity-failed')).to.deep.equal([
        everyCompletedUndone('reserveDebit', 'releaseDebit'),
      ]);
      expect(linesAt(result, 2, 'activity-failed')).to.deep.equal([
        everyCompletedUndone('reserveCredit', 'releaseCredit'),
      ]);
    });

    it('transfer, the undo stages run first to last: the quote unlocked while the holds are still being released', async () => {
      const result = await run('transfer', 'stages-forward', ['activity-failed']);
      expect(linesAt(result, 7, 'activity-failed')).to.deep.equal([
        'unlockFxQuote (stage 1) started before releaseDebit (stage 2) had finished: stages are undone last first (law: undos run stage by stage, the last stage first)',
      ]);
    });

    it('transfer, the cancel window a plain sleep: cancelTransfer in the window is ignored', async () => {
      const result = await run('transfer', 'ignores-window', ['signal:cancelTransfer', 'signal:addMemo']);
      expect(findingLines(result)).to.include(everyCompletedUndone('postLedger', 'reverseLedger'));
      expect(linesAt(result, 6, 'signal:cancelTransfer')).to.include(
        'the workflow closed completed, test/fixtures/saga-shapes/transfer/histories/transferWorkflow.saga.json declares failed (law: the workflow closes once, as declared)',
      );
      expect(notCompensated(result).filter((cell) => cell.includes('addMemo'))).to.deep.equal([]);
    });

    it('transfer, no audit entry when the workflow is cancelled: "cleanup on cancel"', async () => {
      const result = await run('transfer', 'no-audit', ['workflow-cancel', 'activity-failed']);
      expect(findingLines(result)).to.deep.equal([
        'auditCancellation never ran after the workflow was cancelled (law: cleanup on cancel runs when cancelled, and only then)',
      ]);
      expect(notCompensated(result).every((cell) => cell.includes('workflow-cancel'))).to.equal(true);
    });

    it('transfer, the audit entry written twice when the workflow is cancelled: "cleanup on cancel", only once', async () => {
      const result = await run('transfer', 'audit-twice', ['workflow-cancel', 'activity-failed']);
      expect(findingLines(result)).to.deep.equal([
        'auditCancellation ran 2 times after the workflow was cancelled (law: cleanup on cancel runs when cancelled, and only then)',
      ]);
      expect(notCompensated(result).every((cell) => cell.includes('workflow-cancel'))).to.equal(true);
    });

    it('transfer, the FX quote (a local activity) never unlocked, and the ledger entry (a child) never reversed', async () => {
      const fx = await run('transfer', 'keeps-fx-lock', ['activity-failed']);
      expect(linesAt(fx, 2, 'activity-failed')).to.deep.equal([everyCompletedUndone('lockFxQuote', 'unlockFxQuote')]);
      const ledger = await run('transfer', 'keeps-ledger', ['activity-failed']);
      expect(linesAt(ledger, 8, 'activity-failed')).to.deep.equal([
        everyCompletedUndone('postLedger', 'reverseLedger'),
      ]);
    });
  });

  describe('each spec field, on the correct transfer saga: the reviewed value passes (above), a value the code does not keep is caught', () => {
    const happy = [history('transfer', 'happy')];
    const judged = async (faults: string[], change: (spec: Record<string, unknown>) => void) => {
      const result = await checkShape(
        'transfer',
        'correct',
        happy,
        faults,
        specWith('transfer', 'transferWorkflow', change),
      );
      expect(result.problems).to.deep.equal([]);
      return result;
    };

    it('bestEffort: a hold declared best-effort, which the code rolls back for: undos that ran with nothing to roll back, and the close', async () => {
      const result = await judged(
        ['activity-failed'],
        (spec) => (spec.bestEffort = ['notifyCustomer', 'reserveDebit']),
      );
      const lines = linesAt(result, 2, 'activity-failed').map((line) =>
        line.replace(/\S*transferWorkflow\.saga\.json/g, 'SPEC'),
      );
      expect(lines).to.include(
        'releaseCredit ran, but nothing is to be rolled back (reserveDebit is best-effort in SPEC: its failure is swallowed) (law: each completed step is undone exactly once, by its own undo)',
      );
      expect(lines).to.include(
        'the workflow closed failed, with nothing to roll back it closes completed (unless "closeOn" in SPEC says otherwise) (law: the workflow closes once, as declared)',
      );
      // Without bestEffort, the notice the code swallows is a failure it does not roll back.
      const strict = await judged(['activity-failed'], (spec) => delete spec.bestEffort);
      expect(linesAt(strict, 4, 'activity-failed')).to.include(
        'postLedger started after the fault (law: no forward step starts after the fault)',
      );
    });

    it('signals: cancelTransfer declared "continue" (the code rolls back) and addMemo declared an abort (the code goes on): both caught', async () => {
      const result = await judged(
        ['signal:cancelTransfer', 'signal:addMemo'],
        (spec) => (spec.signals = { cancelTransfer: 'continue', addMemo: 'abort' }),
      );
      expect(
        linesAt(result, 6, 'signal:cancelTransfer').some((line) =>
          /^reverseLedger ran, but nothing is to be rolled back \(\S+ declares signal cancelTransfer "continue"\)/.test(
            line,
          ),
        ),
      ).to.equal(true);
      expect(linesAt(result, 6, 'signal:addMemo')).to.include(everyCompletedUndone('postLedger', 'reverseLedger'));
    });

    it('closeOn: a close after one fault kind the code does not reach is caught; the one it reaches passes', async () => {
      const wrong = await judged(['child-failed'], (spec) => (spec.closeOn = { 'child-failed': 'completed' }));
      expect(linesAt(wrong, 5, 'child-failed')[0]).to.match(
        /^the workflow closed failed, \S+ declares completed after child-failed \(law: the workflow closes once, as declared\)$/,
      );
      const right = await judged(
        ['child-failed', 'workflow-cancel'],
        (spec) => (spec.closeOn = { child: 'failed', 'workflow-cancel': 'canceled' }),
      );
      expect(notCompensated(right)).to.deep.equal([]);
    });

    it('readOnly: without it, the status check the rollback runs is a forward step after the fault', async () => {
      const result = await judged(['activity-failed'], (spec) => delete spec.readOnly);
      expect(linesAt(result, 2, 'activity-failed')).to.include(
        'getTransferState started after the fault (law: no forward step starts after the fault)',
      );
    });

    it('kinds: an undo pinned to the wrong kind is not the one that ran (the local activity unlockFxQuote is no activity)', async () => {
      const result = await judged(
        ['activity-failed'],
        (spec) => ((spec.kinds as Record<string, string>).unlockFxQuote = 'activity'),
      );
      expect(linesAt(result, 2, 'activity-failed')).to.include(everyCompletedUndone('lockFxQuote', 'unlockFxQuote'));
    });
  });
});
