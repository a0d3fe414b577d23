import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferSpec } from '../../src/laws/infer';
import { findingLine } from '../../src/laws/judge-laws';
import { loadHistories } from '../../src/load/load';
import { runFaultReplay } from '../../src/run';
import { RunResult, ScenarioResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';

const VARIANTS = 'test/fixtures/saga-variants';
const SPEC = 'histories/tenant-provisioning/provisionTenant.saga.json';
/** The forward path (6 steps) and a real failure whose rollback holds faults during compensation. */
const HISTORIES = [
  'histories/tenant-provisioning/happy.json',
  'histories/tenant-provisioning/real-failure-applyTenantMigrations.json',
];

/** Judged by the spec alone: an empty golden folder, so no golden file exists for any history. */
function checkBySpec(variant: string): Promise<RunResult> {
  return runFaultReplay({
    workflowsPath: `${VARIANTS}/${variant}.ts`,
    histories: HISTORIES,
    faults: ['activity-failed'],
    goldenDir: mkdtempSync(join(tmpdir(), 'laws-no-goldens-')),
    specPath: SPEC,
  });
}

function scenarios(result: RunResult): ScenarioResult[] {
  return result.histories.flatMap((h) => h.scenarios);
}

function happy(result: RunResult): ScenarioResult[] {
  return result.histories.find((h) => h.file.endsWith('happy.json'))!.scenarios;
}

/** `3:law-broken` per happy step. */
function cells(result: RunResult): string[] {
  return happy(result).map((s) => `${s.step}:${s.outcome}`);
}

function lawsBroken(result: RunResult): string[] {
  return [...new Set(scenarios(result).flatMap((s) => (s.laws ?? []).map((f) => f.law)))].sort();
}

function lines(scenario: ScenarioResult): string[] {
  return (scenario.laws ?? []).map(findingLine);
}

describe('saga laws judge planted bugs with no golden file, only the spec', function () {
  this.timeout(900_000);
  const results: Record<string, RunResult> = {};
  before(async () => {
    installQuietRuntime();
    for (const variant of [
      'reference',
      'missing-compensation',
      'forward-order',
      'swallow-error',
      'not-awaited',
      'parallel-undos',
      'throw-in-compensation',
    ]) {
      results[variant] = await checkBySpec(variant);
    }
  });

  it('the correct saga: every scenario compensated by the laws alone, exit 0', () => {
    const result = results.reference;
    expect(result.problems).to.deep.equal([]);
    expect(scenarios(result).map((s) => `${s.step}:${s.outcome}:${s.judgedBy?.join('+')}`)).to.deep.equal(
      [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6].map((step) => `${step}:compensated:laws`),
    );
    expect(result.exitCode).to.equal(0);
  });

  it('a step never undone: "every completed step is undone" from step 3 on', () => {
    const result = results['missing-compensation'];
    expect(cells(result)).to.deep.equal([
      '1:compensated',
      '2:compensated',
      '3:law-broken',
      '4:law-broken',
      '5:law-broken',
      '6:law-broken',
    ]);
    expect(lines(happy(result)[2])).to.deep.equal([
      'createTenantSchema completed but dropTenantSchema never ran (law: every completed step is undone)',
    ]);
    expect(happy(result)[2].detail).to.equal(
      'createTenantSchema completed but dropTenantSchema never ran (law: every completed step is undone)',
    );
    expect(result.exitCode).to.equal(1);
  });

  it('undos in forward order: "undos run one at a time, in reverse order" from step 3 on', () => {
    const result = results['forward-order'];
    expect(cells(result)).to.deep.equal([
      '1:compensated',
      '2:compensated',
      '3:law-broken',
      '4:law-broken',
      '5:law-broken',
      '6:law-broken',
    ]);
    expect(lines(happy(result)[2])).to.deep.equal([
      'deleteTenantRecord ran before dropTenantSchema, but createTenantRecord completed before createTenantSchema (law: undos run one at a time, in reverse order)',
    ]);
    expect(result.exitCode).to.equal(1);
  });

  it('the error swallowed: "the workflow closes once, as declared" at every forward step', () => {
    const result = results['swallow-error'];
    expect(cells(result)).to.deep.equal([1, 2, 3, 4, 5, 6].map((step) => `${step}:law-broken`));
    for (const scenario of happy(result)) {
      expect(lines(scenario)).to.deep.equal([
        `the workflow closed completed, ${SPEC} declares failed (law: the workflow closes once, as declared)`,
      ]);
    }
    expect(result.exitCode).to.equal(1);
  });

  it('undos not awaited before the close: order, finally and "every undo finishes before the workflow closes"', () => {
    const result = results['not-awaited'];
    expect(cells(result)).to.deep.equal([1, 2, 3, 4, 5, 6].map((step) => `${step}:law-broken`));
    expect(lines(happy(result)[0])).to.deep.equal([
      'the workflow closed while activity markTenantFailed (event 11) had not finished (law: every undo finishes before the workflow closes)',
    ]);
    const step3 = lines(happy(result)[2]);
    expect(step3).to.include(
      'dropTenantSchema, deleteTenantRecord started together in one workflow task (law: undos run one at a time, in reverse order)',
    );
    expect(step3).to.include(
      'markTenantFailed started together with dropTenantSchema, not after it (law: the finally steps run after the undos)',
    );
    expect(
      step3.filter((line) => line.endsWith('(law: every undo finishes before the workflow closes)')),
    ).to.have.length.greaterThan(0);
    expect(result.exitCode).to.equal(1);
  });

  it('undos all at once where one at a time is declared: "undos run one at a time" once two undos run', () => {
    const result = results['parallel-undos'];
    expect(cells(result)).to.deep.equal([
      '1:compensated',
      '2:compensated',
      '3:law-broken',
      '4:law-broken',
      '5:law-broken',
      '6:law-broken',
    ]);
    expect(lines(happy(result)[2])).to.deep.equal([
      'dropTenantSchema, deleteTenantRecord started together in one workflow task (law: undos run one at a time, in reverse order)',
    ]);
    expect(result.exitCode).to.equal(1);
  });

  it('code throwing in the compensation: the crash stays the outcome, the laws it breaks are named', () => {
    const result = results['throw-in-compensation'];
    expect(happy(result).map((s) => s.outcome)).to.deep.equal(Array(6).fill('workflow-task-failed'));
    expect(lawsBroken(result)).to.include.members([
      'every completed step is undone',
      'the finally steps run after the undos',
      'the workflow closes once, as declared',
    ]);
    expect(lines(happy(result)[1])[0]).to.equal(
      'createTenantRecord completed but deleteTenantRecord never ran (law: every completed step is undone)',
    );
    expect(result.exitCode).to.equal(1);
  });

  it('no variant but the correct saga has every scenario ok', () => {
    for (const [variant, result] of Object.entries(results)) {
      const allOk = scenarios(result).every((s) => s.outcome === 'compensated');
      expect(allOk, variant).to.equal(variant === 'reference');
    }
  });

  describe('spec --infer on the same runs', () => {
    const histories = () => loadHistories(HISTORIES).histories;

    it('the correct saga: the committed spec, but sendWelcomeEmail, which no fault point follows once it completed', () => {
      const inference = inferSpec('provisionTenant', histories(), results.reference.histories);
      const { sendWelcomeEmail, ...paired } = (
        JSON.parse(require('node:fs').readFileSync(SPEC, 'utf8')) as { undo: Record<string, string> }
      ).undo;
      expect(sendWelcomeEmail).to.equal('cancelWelcomeEmail');
      expect(inference.spec).to.deep.equal({
        workflowType: 'provisionTenant',
        undo: paired,
        noUndo: [],
        finally: ['markTenantFailed'],
        order: 'reverse-sequential',
        close: 'failed',
      });
      expect(inference.steps.map((s) => `${s.step}:${s.undo ?? '?'}:${s.agree}/${s.scenarios}`)).to.deep.equal([
        'createTenantRecord:deleteTenantRecord:9/9',
        'createTenantSchema:dropTenantSchema:9/9',
        'applyTenantMigrations:revertTenantMigrations:9/9',
        'createOwnerMembership:removeOwnerMembership:6/6',
        'seedDefaultSettings:deleteDefaultSettings:6/6',
        'sendWelcomeEmail:?:0/0',
      ]);
      // An undo registered after step k runs exactly where one registered before step k+1 would: both readings fit, each line says so.
      expect(
        inference.steps
          .filter((s) => s.undo)
          .every((s) =>
            /^another reading fits the faults too: .* \(undos registered before their step\)/.test(s.unsure ?? ''),
          ),
      ).to.equal(true);
      expect(inference.notes[1]).to.match(/^undoFailedStep: false {2}unsure: /);
    });

    it('a step never undone: reported as the step it could not pair, left out of the spec', () => {
      const inference = inferSpec('provisionTenant', histories(), results['missing-compensation'].histories);
      const schema = inference.steps.find((s) => s.step === 'createTenantSchema')!;
      expect(schema.undo).to.equal(undefined);
      expect(schema.none).to.equal('none-seen');
      expect(inference.spec.undo).not.to.have.property('createTenantSchema');
      expect(inference.spec.noUndo).to.deep.equal([]);
    });

    it('the order: sure of last-completed-first on the correct saga; unsure, naming the scenarios, when undos run in forward order', () => {
      expect(inferSpec('provisionTenant', histories(), results.reference.histories).notes[2]).to.match(
        /^order: reverse-sequential {2}sure: one undo per workflow task, the last completed step first, in (\d+) of \1 scenarios/,
      );
      const forward = inferSpec('provisionTenant', histories(), results['forward-order'].histories).notes[2];
      expect(forward).to.match(
        /^order: reverse-sequential {2}unsure: \d+ of \d+ scenarios undo a step before one completed after it: .*happy\.json step 3/,
      );
    });

    it('undos all at once: inferred as parallel, naming the scenarios', () => {
      const inference = inferSpec('provisionTenant', histories(), results['parallel-undos'].histories);
      expect(inference.spec.order).to.equal('parallel');
      expect(inference.notes[2]).to.match(
        /^order: parallel {2}(un)?sure: \d+ of \d+ start undos together: happy\.json step 3/,
      );
    });
  });
});
