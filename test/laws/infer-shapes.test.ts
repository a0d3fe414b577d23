/**
 * `spec --infer` on the saga shapes of test/fixtures/saga-shapes (every fault kind, the correct code):
 * the inferred spec is the reviewed one beside the histories, but for exactly the lines marked for a
 * person to decide (a step no rollback undoes: noUndo or a missing undo; a step no fault follows once
 * it completed); where two readings of the faults fit, every line they differ on says `unsure`.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferSpec, type Inference } from '../../src/laws/infer';
import { readSpec } from '../../src/laws/spec';
import { loadHistories } from '../../src/load/load';
import { runFaultReplay } from '../../src/run';
import { installQuietRuntime } from '../../src/util/quiet';
import { SHAPE_SIGNALS, shapeHistories, shapeResults } from '../support/saga-shapes';
import { SAGA_SHAPES } from '../../scripts/record-saga-shapes';

async function infer(
  shape: string,
  workflowType: string,
  histories = shapeHistories(shape),
  variant = 'correct',
): Promise<Inference> {
  const result = await runFaultReplay({
    workflowsPath: join(SAGA_SHAPES, shape, `${variant}.ts`),
    histories,
    goldens: false,
    signals: SHAPE_SIGNALS[shape] ?? {},
    ...shapeResults(shape),
  });
  expect(result.problems.filter((p) => p.kind !== 'not-judged')).to.deep.equal([]);
  return inferSpec(workflowType, loadHistories(histories).histories, result.histories);
}

/** A spec as the laws read it (defaults filled), the file name aside. */
function asRead(spec: object): object {
  const file = join(mkdtempSync(join(tmpdir(), 'infer-shapes-')), 'x.saga.json');
  writeFileSync(file, JSON.stringify(spec));
  const { spec: read, problems } = readSpec(file);
  expect(problems).to.deep.equal([]);
  const { file: _, ...rest } = read!;
  return rest;
}

const reviewed = (shape: string, workflowType: string) =>
  asRead(require(`../../${SAGA_SHAPES}/${shape}/histories/${workflowType}.saga.json`));
const pairs = (inference: Inference) =>
  inference.steps.map((s) => `${s.step} → ${s.undo ?? s.none}${s.unsure ? ' (unsure)' : ''}`);

describe('spec --infer on real saga shapes (every fault kind)', function () {
  this.timeout(1_200_000);
  before(() => installQuietRuntime());

  it('register-before-step (temporal-compensating-transactions): each step paired with its own undo, every line two readings share says unsure', async () => {
    const inference = await infer('breakfast', 'breakfastWorkflow', [
      join(SAGA_SHAPES, 'breakfast', 'histories', 'happy.json'),
      join(SAGA_SHAPES, 'breakfast', 'histories', 'real-failure-addMilk.json'),
    ]);
    expect(pairs(inference)).to.deep.equal([
      'getBowl → putBowlAway (unsure)',
      'addCereal → putCerealBackInBox (unsure)',
      'addMilk → none-seen',
    ]);
    expect(inference.steps[0].unsure).to.match(
      /^another reading fits the faults too: putCerealBackInBox \(undos registered after their step, finally putBowlAway\)/,
    );
    expect(inference.notes[1]).to.match(/^undoFailedStep: true {2}unsure: /);
    expect(inference.notes.join('\n')).not.to.match(/finally: \(none\) +sure/);
    expect(asRead(inference.spec)).to.deep.equal({ ...reviewed('breakfast', 'breakfastWorkflow'), noUndo: [] });
  });

  it('register-after, undos all at once (efortuna breakfast): its own undos, unsure (registered before the next step fits the same faults), parallel', async () => {
    const inference = await infer('breakfast', 'parallelBreakfast', [
      join(SAGA_SHAPES, 'breakfast', 'histories', 'parallel-happy.json'),
    ]);
    expect(pairs(inference)).to.deep.equal([
      'getBowl → putBowlAway (unsure)',
      'addCereal → putCerealBackInBox (unsure)',
      'addMilk → no-evidence (unsure)',
    ]);
    expect(inference.steps[1].unsure).to.equal(
      'another reading fits the faults too: putBowlAway (undos registered before their step); chosen by the words step and undo share',
    );
    expect(inference.notes[2]).to.match(/^order: parallel {2}sure: /);
    expect(asRead(inference.spec)).to.deep.equal({ ...reviewed('breakfast', 'parallelBreakfast'), noUndo: [] });
  });

  it('samples-typescript saga (openAccount): every undo paired for sure (the step in flight at a cancel undone shows the last one); createAccount left to decide', async () => {
    const inference = await infer('open-account', 'openAccount');
    expect(pairs(inference)).to.deep.equal([
      'createAccount → none-seen',
      'addAddress → clearPostalAddresses',
      'addClient → removeClient',
      'addBankAccount → disconnectBankAccounts',
    ]);
    expect(asRead(inference.spec)).to.deep.equal({ ...reviewed('open-account', 'openAccount'), noUndo: [] });
  });

  it('the openAccount sample as written (its undos cancelled with the workflow: nothing runs after a cancel): its undos still paired by the failures, and a note that the rollback does not run on a cancel', async () => {
    const correct = await infer('open-account', 'openAccount');
    const notShielded = await infer('open-account', 'openAccount', shapeHistories('open-account'), 'not-shielded');
    // Paired by the failures alone (unsure: without the cancels, the readings registered before the next step fit too).
    expect(pairs(notShielded)).to.deep.equal([
      'createAccount → none-seen',
      'addAddress → clearPostalAddresses (unsure)',
      'addClient → removeClient (unsure)',
      'addBankAccount → no-evidence (unsure)',
    ]);
    expect(notShielded.notes.at(-1)).to.match(
      /^cancel: nothing ran after \d+ workflow-cancel faults where a failure at the same step rolls back \(.*\): left out of the pairing; the rollback does not run on a cancel, which the laws name$/,
    );
    expect(correct.notes.join('\n')).not.to.include('cancel: nothing ran');
  });

  it('e-commerce: the notices finally and best-effort, approveOrder continue, cancelOrder an abort before the shipment: the reviewed spec', async () => {
    const inference = await infer('ecommerce', 'orderWorkflow');
    expect(asRead(inference.spec)).to.deep.equal(reviewed('ecommerce', 'orderWorkflow'));
  });

  it('transfer: local-activity and child undos, parallel holds as a stage, the status check read-only, cleanup on cancel, the cancel window: the reviewed spec', async () => {
    const inference = await infer('transfer', 'transferWorkflow');
    expect(pairs(inference)).to.deep.equal([
      'lockFxQuote → unlockFxQuote',
      'reserveDebit → releaseDebit',
      'reserveCredit → releaseCredit',
      'notifyCustomer → bestEffort',
      'postLedger → reverseLedger',
      'getTransferState → readOnly',
      'finalizeTransfer → reopenTransfer',
    ]);
    expect(asRead(inference.spec)).to.deep.equal(reviewed('transfer', 'transferWorkflow'));
  });
});
