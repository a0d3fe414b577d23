import { expect } from 'chai';
import { runFaultReplay } from '../src/run';
import { RunResult, ScenarioResult } from '../src/model/results';
import { installQuietRuntime } from '../src/util/quiet';

const VARIANTS = 'test/fixtures/saga-variants';

/** The two failing kinds: the counts below are 48 steps × 2 faults (the other kinds: test/faults). */
const FAULTS = ['activity-failed', 'retries-exhausted'];

/** Checks a saga variant against the committed goldens of the correct saga (never --update). */
function checkVariant(name: string): Promise<RunResult> {
  // The golden judge alone: the saga laws (the spec beside the corpus) have their own tests in test/laws/.
  return runFaultReplay({
    workflowsPath: `${VARIANTS}/${name}.ts`,
    histories: ['histories/tenant-provisioning'],
    laws: false,
    faults: FAULTS,
  });
}

/** The happy history's scenarios of one fault, step by step. */
function happy(result: RunResult, fault = 'activity-failed'): ScenarioResult[] {
  return result.histories.find((h) => h.file.endsWith('/happy.json'))!.scenarios.filter((s) => s.fault === fault);
}

function outcomesByStep(scenarios: ScenarioResult[]): string[] {
  return scenarios.map((s) => `${s.step}:${s.outcome}`);
}

describe('fault-replay check catches real saga bugs (variants vs the correct saga’s goldens)', function () {
  this.timeout(300_000); // 96 scenarios a variant (48 steps × 2 faults)
  before(() => installQuietRuntime());

  it('the correct saga: every scenario compensated, exit 0', async () => {
    const result = await checkVariant('reference');
    expect(result.problems).to.deep.equal([]);
    expect(result.counts.compensated, 'every scenario of the committed goldens: 48 steps × 2 faults').to.equal(96);
    expect(result.histories.flatMap((h) => h.scenarios).map((s) => s.outcome)).to.deep.equal(
      Array(96).fill('compensated'),
    );
    expect(result.exitCode).to.equal(0);
  });

  it('a compensation never registered: unexpected-commands once it should have run, under each fault', async () => {
    const result = await checkVariant('missing-compensation');
    for (const fault of FAULTS) {
      expect(outcomesByStep(happy(result, fault)), fault).to.deep.equal([
        '1:compensated',
        '2:compensated',
        '3:unexpected-commands',
        '4:unexpected-commands',
        '5:unexpected-commands',
        '6:unexpected-commands',
      ]);
    }
    const step3 = happy(result)[2];
    expect(step3.detail).to.equal('the commands after the fault differ from the golden file');
    expect(step3.diff).to.match(/^- dropTenantSchema\(/m);
    expect(step3.diff).to.not.match(/^\+ .*dropTenantSchema/m);
    expect(result.exitCode).to.equal(1);
  });

  it('compensations in forward order: unexpected-commands where two or more undos run, under each fault', async () => {
    const result = await checkVariant('forward-order');
    for (const fault of FAULTS) {
      expect(outcomesByStep(happy(result, fault)), fault).to.deep.equal([
        '1:compensated',
        '2:compensated',
        '3:unexpected-commands',
        '4:unexpected-commands',
        '5:unexpected-commands',
        '6:unexpected-commands',
      ]);
    }
    const observed = happy(result)[3].observed!.tasks.map((task) =>
      task.map((c) => ('activity' in c ? c.activity : '')),
    );
    expect(observed, 'one undo a workflow task, first registered first').to.deep.equal([
      ['deleteTenantRecord'],
      ['dropTenantSchema'],
      ['revertTenantMigrations'],
      ['markTenantFailed'],
    ]);
    expect(result.exitCode).to.equal(1);
  });

  it('the error swallowed and the workflow completing: unexpected-commands, the close differs', async () => {
    const result = await checkVariant('swallow-error');
    const all = result.histories.flatMap((h) => h.scenarios);
    // A fault in markTenantFailed itself escapes the swallowing code: the workflow still fails there.
    const swallowed = all.filter((s) => s.activityType !== 'markTenantFailed');
    expect(swallowed).to.have.length(84);
    expect(all.filter((s) => s.activityType === 'markTenantFailed').map((s) => s.outcome)).to.deep.equal(
      Array(12).fill('compensated'),
    );
    for (const scenario of swallowed) {
      expect(scenario.outcome, `step ${scenario.step}`).to.equal('unexpected-commands');
      expect(scenario.detail).to.equal('the workflow closes differently from the golden file');
      expect(scenario.observed!.close!.status).to.equal('completed');
    }
    expect(result.exitCode).to.equal(1);
  });

  it('code that throws inside the compensation block: workflow-task-failed', async () => {
    const result = await checkVariant('throw-in-compensation');
    const all = result.histories.flatMap((h) => h.scenarios);
    expect(all.map((s) => s.outcome)).to.deep.equal(all.map(() => 'workflow-task-failed'));
    expect(all[0].detail).to.match(
      /^TypeError: Cannot read properties of undefined \(reading 'undo'\) \(at test\/fixtures\/saga-variants\/saga\.ts:\d+:\d+\)$/,
    );
    expect(result.exitCode).to.equal(1);
  });

  it('a new activity inserted before an existing step: nondeterministic from that step on', async () => {
    const result = await checkVariant('insert-activity');
    for (const fault of FAULTS) {
      expect(outcomesByStep(happy(result, fault)), fault).to.deep.equal([
        '1:compensated',
        '2:nondeterministic',
        '3:nondeterministic',
        '4:nondeterministic',
        '5:nondeterministic',
        '6:nondeterministic',
      ]);
    }
    expect(happy(result)[1].detail).to.match(
      /Activity type of scheduled event 'createTenantSchema' does not match .*'reserveTenantSlug'/,
    );
    const recorded = result.histories.find((h) => h.file.endsWith('/happy.json'))!.replay;
    expect(recorded).to.include({ ok: false, outcome: 'nondeterministic' });
    expect(result.exitCode).to.equal(1);
  });
});
