/**
 * The verdicts `check` prints for the transfer saga's variants (issue 28), each the finding its
 * live counterpart (live-facts.variants.test.ts) backs: bug variants against goldens made from the
 * correct saga, correct-code variants against their own.
 */
import { expect } from 'chai';
import { installQuietRuntime } from '../../src/util/quiet';
import type { ObservedCommand } from '../../src/model/observation';
import type { RunResult, ScenarioResult } from '../../src/model/results';
import { UNPOLLED_TASK_QUEUE } from '../fixtures/transfer/types';
import { againstItself, outcomes, scenario, taskNames, TruthfulGoldens } from '../support/truthful-check';

const FIXTURE = 'test/fixtures/transfer';
const RESULTS = `${FIXTURE}/results.ts`;
const FAULTS = [
  'activity-failed',
  'retries-exhausted',
  'activity-timeout:start-to-close',
  'workflow-cancel',
  'child-failed',
  'local-activity-failed',
  'nested:child-failed',
  'nested:local-activity-failed',
];
const ROLLBACK = [
  ['getTransferState'],
  ['child reverseLedger'],
  ['releaseCredit'],
  ['releaseDebit'],
  ['local unlockFxQuote', 'notifyFailure'],
];

function observed<K extends string>(
  s: ScenarioResult,
  key: K,
  name: string,
): Extract<ObservedCommand, Record<K, string>> {
  const found = (s.observed?.tasks ?? []).flat().find((command) => (command as Record<string, unknown>)[key] === name);
  if (!found) throw new Error(`${key} ${name} was not observed`);
  return found as Extract<ObservedCommand, Record<K, string>>;
}

function labelled(result: RunResult, label: string): ScenarioResult {
  const found = result.histories.flatMap((h) => h.scenarios).find((s) => s.fault === label);
  if (!found) throw new Error(`no scenario ${label}`);
  return found;
}

describe('transfer verdicts: child workflows, local activities, a status check and cancellation judged as the server acts', function () {
  this.timeout(300_000);
  const goldens = new TruthfulGoldens('correct', { fixture: FIXTURE, faults: FAULTS, resultsPath: RESULTS });

  before(async () => {
    installQuietRuntime();
    const made = await goldens.make();
    expect(made.exitCode, outcomes(made).join('\n')).to.equal(0);
    expect(taskNames(scenario(made, 'settle'))).to.deep.equal(ROLLBACK);
  });
  after(() => goldens.remove());

  it('correct: every scenario compensated against its goldens, exit 0', async () => {
    const result = await goldens.check('correct');
    expect(result.exitCode, outcomes(result).join('\n')).to.equal(0);
    expect(result.counts.compensated).to.be.greaterThan(20);
  });

  it('child-undo-unpolled-queue: unexpected-commands, the child undo on the queue nobody polls (live: never runs, the parent never closes)', async () => {
    const settle = scenario(await goldens.check('child-undo-unpolled-queue'), 'settle');
    expect(settle.outcome).to.equal('unexpected-commands');
    expect(observed(settle, 'child', 'reverseLedger').options.taskQueue).to.equal(UNPOLLED_TASK_QUEUE);
  });

  it('child-undo-not-awaited: work-left-open, the child undo terminated by the parent’s close (live: TERMINATED, the ledger left)', async () => {
    const settle = scenario(await goldens.check('child-undo-not-awaited'), 'settle');
    expect(settle.outcome).to.equal('work-left-open');
    expect(settle.detail).to.match(/child workflow reverseLedger \(event \d+\), terminated by the parent's close/);
  });

  it('child-undo-crashes: stuck, the parent waits on the child undo whose workflow task fails (live: the child never closes, nor does the parent)', async () => {
    const settle = scenario(await goldens.check('child-undo-crashes'), 'settle');
    expect(settle.outcome).to.equal('stuck');
    expect(settle.detail).to.match(
      /child workflow reverseLedger \(event \d+\) never closes: its workflow task fails \(the server retries it for ever\): Cannot read properties of undefined \(reading 'id'\)/,
    );
    expect(taskNames(settle)).to.deep.equal([['getTransferState'], ['child reverseLedger']]);
  });

  it('child-undo-crashes-timeout: unexpected-commands, the crashing child timed out by its own execution timeout and the rollback going on (live: TIMED_OUT, the other undos run)', async () => {
    const settle = scenario(await goldens.check('child-undo-crashes-timeout'), 'settle');
    expect(settle.outcome).to.equal('unexpected-commands');
    expect(settle.observed?.childCloses).to.have.length(1);
    expect(settle.observed!.childCloses![0]).to.match(/^child workflow reverseLedger \(event \d+\) timed out$/);
    expect(taskNames(settle)).to.deep.equal(ROLLBACK);
  });

  it('child-undo-forgets-await: work-left-open, eraseLedger open at the close of the reverseLedger child the tool ran (live: scheduled, never started)', async () => {
    const settle = scenario(await goldens.check('child-undo-forgets-await'), 'settle');
    expect(settle.outcome).to.equal('work-left-open');
    expect(settle.detail).to.match(/activity eraseLedger \(event \d+\) in child workflow reverseLedger \(event \d+\)/);
  });

  it('child-undo-rejects: unexpected-commands, the reverseLedger child failing on its own (live: it fails, the entry is left, the parent closes as the golden says)', async () => {
    const settle = scenario(await goldens.check('child-undo-rejects'), 'settle');
    expect(settle.outcome).to.equal('unexpected-commands');
    expect(settle.detail).to.equal('a child workflow closes differently from the golden file');
    expect(settle.diff).to.match(
      /^\+ child workflow reverseLedger \(event \d+\) failed: ledger entry le-t-1 is locked$/m,
    );
  });

  it('local-undo-wrong-arg: unexpected-commands naming the local activity’s argument (live: it fails, the lock is left)', async () => {
    const debit = scenario(await goldens.check('local-undo-wrong-arg'), 'reserveDebit');
    expect(debit.outcome).to.equal('unexpected-commands');
    expect(observed(debit, 'localActivity', 'unlockFxQuote').args).to.deep.equal([{ quoteId: 't-1' }]);
    expect(debit.diff).to.include('local activity unlockFxQuote({"quoteId":"t-1"})');
  });

  it('local-undo-no-retry: unexpected-commands naming the local activity’s retry policy (live: one transient failure, no retry, the lock left)', async () => {
    const debit = scenario(await goldens.check('local-undo-no-retry'), 'reserveDebit');
    expect(debit.outcome).to.equal('unexpected-commands');
    expect(observed(debit, 'localActivity', 'unlockFxQuote').options.retry).to.deep.include({ maximumAttempts: 1 });
  });

  it('failing-child-undo-stops: the child undo failing (nested:child-failed) stops the rest of the rollback (live: the 4 later undos never scheduled)', async () => {
    const result = await goldens.check('failing-child-undo-stops');
    const stopped = labelled(result, 'nested:child-failed@2:reverseLedger');
    expect(stopped.outcome).to.equal('unexpected-commands');
    expect(taskNames(stopped)).to.deep.equal([['getTransferState'], ['child reverseLedger']]);
    expect(stopped.observed?.close).to.deep.include({ status: 'failed' });
    expect(scenario(result, 'settle').outcome, 'no child fails: the same rollback as the correct saga').to.equal(
      'compensated',
    );
  });

  it('status-check-wrong-state: after a settle timeout the status check says RESERVED and no undo runs (live: the same, everything left reserved)', async () => {
    const result = await goldens.check('status-check-wrong-state');
    const timedOut = scenario(result, 'settle', 'activity-timeout:start-to-close');
    expect(timedOut.outcome).to.equal('unexpected-commands');
    expect(taskNames(timedOut)).to.deep.equal([['getTransferState']]);
  });

  it('the status check is never answered by guess: without --results it is could-not-run naming it, exit 2', async () => {
    const unanswered = new TruthfulGoldens('correct', {
      fixture: FIXTURE,
      faults: ['activity-timeout:start-to-close'],
    });
    const result = await unanswered.make().finally(() => unanswered.remove());
    const timedOut = scenario(result, 'settle', 'activity-timeout:start-to-close');
    expect(timedOut.outcome).to.equal('could-not-run');
    expect(timedOut.detail).to.match(/^activity getTransferState returned a value when recorded/);
    expect(result.exitCode).to.equal(2);
  });

  it('skip-on-exhausted: retries exhausted at maximumAttempts 1 skips the compensation (live: attempt 1 of 1, no undo)', async () => {
    const result = await goldens.check('skip-on-exhausted');
    const exhausted = scenario(result, 'settle', 'retries-exhausted');
    expect(exhausted.outcome).to.equal('unexpected-commands');
    expect(taskNames(exhausted)).to.deep.equal([]);
    expect(scenario(result, 'settle', 'activity-failed').outcome, 'a non-retryable failure still compensates').to.equal(
      'compensated',
    );
  });

  for (const variant of ['undo-timer-race', 'runid-idempotency']) {
    it(`${variant} (correct code): exit 0 against its own goldens`, async () => {
      const result = await againstItself(variant, { fixture: FIXTURE, faults: FAULTS, resultsPath: RESULTS });
      expect(result.exitCode, outcomes(result).join('\n')).to.equal(0);
    });
  }
});
