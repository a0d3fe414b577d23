/**
 * `--narrow-keys` reports from the file only what a full run would say: the reference saga (a copy
 * of examples/tenant-provisioning) is checked once with --incremental --narrow-keys, then edited
 * in place, one edit at a time, and checked with a copy of that file and again with no file at all.
 * Every verdict must be the same, and the scenarios reported from the file are exactly those whose
 * replays never ran the edited code.
 */
import { expect } from 'chai';
import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFaultReplay } from '../../src/run';
import type { RunResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';
import { verdictLines } from '../support/verdicts';
import { scratchDir } from '../support/scratch';

interface Edit {
  name: string;
  from: string;
  to: string;
  /** The scenarios (fault at step) the file may report: none of their replays ran the edited code. */
  reused: string[];
}

const AF = (steps: number[]) => steps.map((step) => `activity-failed@${step}`);

const EDITS: Edit[] = [
  {
    name: "the second step's undo gets other arguments (run by every rollback past the second step)",
    from: '() => act.dropTenantSchema({ tenantId })',
    to: '() => act.dropTenantSchema({ tenantId: `${tenantId}-old` })',
    // Cancelled during the first step, the workflow undoes that step alone.
    reused: [...AF([1, 2]), 'workflow-cancel@1'],
  },
  {
    name: "the last step's undo changes (run only when the workflow is cancelled during the last step)",
    from: '() => act.cancelWelcomeEmail({ tenantId })',
    to: '() => act.cancelWelcomeEmail({ tenantId, ownerUserId })',
    reused: [...AF([1, 2, 3, 4, 5, 6]), ...[1, 2, 3, 4, 5].map((step) => `workflow-cancel@${step}`)],
  },
  {
    name: 'a module-level constant every run reads (the retry policy)',
    from: 'maximumAttempts: 3,',
    to: 'maximumAttempts: 4,',
    reused: [],
  },
  {
    name: 'the first two undos swap bodies (each still where it was)',
    from: `compensations.push(() => act.deleteTenantRecord({ tenantId }));

    const { schema } = await act.createTenantSchema({ tenantId });
    compensations.push(() => act.dropTenantSchema({ tenantId }));`,
    to: `compensations.push(() => act.dropTenantSchema({ tenantId }));

    const { schema } = await act.createTenantSchema({ tenantId });
    compensations.push(() => act.deleteTenantRecord({ tenantId }));`,
    reused: AF([1]),
  },
];

const reusedOf = (result: RunResult) =>
  result.histories
    .flatMap((h) => h.scenarios)
    .filter((s) => s.cached)
    .map((s) => `${s.fault}@${s.step}`)
    .sort();

describe('--narrow-keys: a scenario is reported from the file only where a full run says the same', function () {
  this.timeout(600_000);
  const dir = scratchDir('narrow-parity-');
  const saga = join(dir, 'tenant-provisioning');
  const workflows = join(saga, 'workflows.ts');
  const original = readFileSync('examples/tenant-provisioning/workflows.ts', 'utf8');
  const options = {
    workflowsPath: workflows,
    histories: ['histories/tenant-provisioning/happy.json'],
    faults: ['activity-failed', 'workflow-cancel'],
    goldenDir: join(dir, 'goldens'),
    laws: false,
  };
  const kept = join(dir, 'kept.json');

  before(async () => {
    installQuietRuntime();
    cpSync('examples/tenant-provisioning', saga, { recursive: true });
    await runFaultReplay({ ...options, update: true });
    const first = await runFaultReplay({ ...options, incrementalPath: kept, narrowKeys: true });
    expect(first.histories[0].scenarios.length).to.equal(12);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('unchanged code: every scenario is reported from the file', async () => {
    const copy = join(dir, 'unchanged.json');
    copyFileSync(kept, copy);
    const again = await runFaultReplay({ ...options, incrementalPath: copy, narrowKeys: true });
    expect(reusedOf(again)).to.have.length(12);
  });

  for (const edit of EDITS) {
    it(edit.name, async () => {
      expect(original, 'the edit applies').to.include(edit.from);
      writeFileSync(workflows, original.replace(edit.from, edit.to));
      try {
        const copy = join(dir, 'copy.json');
        copyFileSync(kept, copy);
        const narrow = await runFaultReplay({ ...options, incrementalPath: copy, narrowKeys: true });
        const full = await runFaultReplay(options);
        expect(verdictLines(narrow)).to.deep.equal(verdictLines(full));
        expect(reusedOf(narrow)).to.deep.equal([...edit.reused].sort());
      } finally {
        writeFileSync(workflows, original);
      }
    });
  }
});
