/**
 * The saga laws' verdicts on the truthful variants whose bug is a broken law, with NO golden file,
 * only the order saga's spec (test/fixtures/truthful/placeOrder.saga.json): each `law-broken`
 * names the law its live counterpart (live-facts.saga-laws.test.ts) shows broken on the dev server,
 * and is judged on the variant's own live history as well as on the happy one.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingLine } from '../../src/laws/judge-laws';
import { runFaultReplay } from '../../src/run';
import { RunResult, ScenarioResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';
import { TRUTHFUL } from '../support/truthful-check';

const SPEC = join(TRUTHFUL, 'placeOrder.saga.json');
const NO_GOLDENS = mkdtempSync(join(tmpdir(), 'laws2-truthful-no-goldens-'));

function checkBySpec(variant: string, histories: string[]): Promise<RunResult> {
  return runFaultReplay({
    workflowsPath: join(TRUTHFUL, 'variants', `${variant}.ts`),
    histories: histories.map((name) => join(TRUTHFUL, 'histories', `${name}.json`)),
    faults: ['activity-failed'],
    goldenDir: NO_GOLDENS,
    specPath: SPEC,
  });
}

/** `live-x.json 4 refund: law-broken` for every scenario. */
function cells(result: RunResult): string[] {
  return result.histories.flatMap((h) =>
    h.scenarios.map((s) => `${h.file.replace(/^.*\//, '')} ${s.step} ${s.activityType}: ${s.outcome}`),
  );
}

function scenario(result: RunResult, history: string, step: number): ScenarioResult {
  return result.histories.find((h) => h.file.endsWith(`/${history}.json`))!.scenarios.find((s) => s.step === step)!;
}

const lines = (s: ScenarioResult): string[] => (s.laws ?? []).map(findingLine);
const allOk = (result: RunResult): boolean =>
  result.histories.every((h) => h.scenarios.every((s) => s.outcome === 'compensated'));

describe('truthful verdicts by the saga laws alone (no golden file)', function () {
  this.timeout(600_000);
  before(() => installQuietRuntime());
  after(() => rmSync(NO_GOLDENS, { recursive: true, force: true }));

  it('correct: every scenario compensated, a failing undo included (exit 0)', async () => {
    const result = await checkBySpec('correct', ['happy', 'live-correct-ship', 'live-correct-ship-also-refund']);
    expect(result.problems).to.deep.equal([]);
    expect(cells(result).filter((cell) => !cell.endsWith(': compensated'))).to.deep.equal([]);
    expect(cells(result)).to.have.length(15);
    expect(result.exitCode).to.equal(0);
  });

  it('refund-twice: "each completed step is undone exactly once" from the ship fault on', async () => {
    const result = await checkBySpec('refund-twice', ['happy', 'live-refund-twice-ship']);
    const finding =
      'refund ran 2 times for 1 completed charge (law: each completed step is undone exactly once, by its own undo)';
    expect(lines(scenario(result, 'happy', 3))).to.deep.equal([finding]);
    expect(lines(scenario(result, 'live-refund-twice-ship', 3))).to.deep.equal([finding]);
    // The fault at the second refund (step 5): the first one is recorded, the second is the faulted one.
    expect(lines(scenario(result, 'live-refund-twice-ship', 5))).to.deep.equal([finding]);
    expect(scenario(result, 'happy', 2).outcome).to.equal('compensated');
    expect(allOk(result)).to.equal(false);
    expect(result.exitCode).to.equal(1);
  });

  it('retry-failed-step: "no forward step starts after the fault", injected or recorded', async () => {
    const result = await checkBySpec('retry-failed-step', ['happy', 'live-retry-failed-step-ship']);
    expect(lines(scenario(result, 'happy', 3))).to.deep.equal([
      'ship started after the fault (law: no forward step starts after the fault)',
    ]);
    expect(lines(scenario(result, 'live-retry-failed-step-ship', 3))).to.deep.equal([
      'ship started after the fault (law: no forward step starts after the fault)',
    ]);
    for (const step of [4, 5, 6, 7]) {
      expect(lines(scenario(result, 'live-retry-failed-step-ship', step)), `step ${step}`).to.deep.equal([
        'ship started after the recorded failure (law: no forward step starts after the fault)',
      ]);
    }
    expect(allOk(result)).to.equal(false);
    expect(result.exitCode).to.equal(1);
  });

  it('failing-undo-stops: a fault at refund leaves release undone and notifyFailure never run', async () => {
    const result = await checkBySpec('failing-undo-stops', [
      'happy',
      'live-correct-ship',
      'live-failing-undo-stops-ship-also-refund',
    ]);
    const expected = [
      'reserve completed but release never ran (law: every completed step is undone)',
      'notifyFailure never ran (law: the finally steps run after the undos)',
    ];
    expect(lines(scenario(result, 'live-failing-undo-stops-ship-also-refund', 4))).to.deep.equal(expected);
    expect(lines(scenario(result, 'live-correct-ship', 4))).to.deep.equal(expected);
    // A fault at a forward step (every undo then succeeds) cannot show it: compensated.
    expect(scenario(result, 'happy', 3).outcome).to.equal('compensated');
    expect(allOk(result)).to.equal(false);
    expect(result.exitCode).to.equal(1);
  });
});
