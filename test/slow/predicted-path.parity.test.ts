/**
 * Prediction on and off give the same verdicts: the correct saga is checked once with --incremental
 * (its paths kept), then each planted-bug variant is checked with a copy of that file (its paths
 * predicted, proved by one replay, live where they miss) and without it (every task live). Every
 * scenario's outcome, detail and observed path must be the same; the correct saga itself must be
 * predicted, so the comparison is not between two live runs.
 */
import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runFaultReplay } from '../../src/run';
import type { FaultReplayOptions } from '../../src/model/options';
import type { RunResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';
import { verdictLines } from '../support/verdicts';

interface Family {
  name: string;
  /** The correct code: its paths are kept, then it is checked again and must be predicted. */
  reference: string;
  variants: string[];
  options: Omit<FaultReplayOptions, 'workflowsPath'>;
  /** By variant: the steps whose scenario may be predicted (every other one must miss and run live). */
  predictedSteps?: Record<string, string[]>;
  /** Its rollbacks run local activities: those paths are never kept (a replay reads their markers back), the others are. */
  localActivities?: boolean;
}

/** A fixture folder's variants, less the ones that loop or sleep past their deadline (live in both runs, and slow). */
const variantsIn = (folder: string, skip: string[]) =>
  readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && !skip.includes(file.slice(0, -3)))
    .map((file) => join(folder, file));

const FAMILIES: Family[] = [
  {
    name: 'transfer saga (children, local activities, cancellation)',
    reference: 'test/fixtures/transfer/variants/correct.ts',
    variants: variantsIn('test/fixtures/transfer/variants', []),
    options: {
      histories: ['test/fixtures/transfer/histories/happy.json'],
      faults: ['activity-failed', 'retries-exhausted', 'workflow-cancel', 'child-failed', 'nested:child-failed'],
      resultsPath: 'test/fixtures/transfer/results.ts',
    },
    localActivities: true,
  },
  {
    name: 'truthful order saga',
    reference: 'test/fixtures/truthful/variants/correct.ts',
    variants: variantsIn('test/fixtures/truthful/variants', ['busy-loop', 'deadline-sleep']),
    options: { histories: ['test/fixtures/truthful/histories/happy.json'], faults: ['activity-failed'] },
    predictedSteps: {
      // The patch is decided in every rollback, reserve's (nothing to undo) included: nothing is predicted.
      'patched-regression': [],
      // The only variant that reads replay state: nothing predicted.
      'replaying-branch': [],
    },
  },
  {
    name: 'catches-bugs tenant saga',
    reference: 'test/fixtures/saga-variants/reference.ts',
    // With the guard fixtures, each a knob of the same saga module (test/fixtures/predict).
    variants: [
      ...variantsIn('test/fixtures/saga-variants', ['busy-loop', 'deadline-sleep', 'saga']),
      ...variantsIn('test/fixtures/predict', []),
    ],
    options: { histories: ['histories/tenant-provisioning/happy.json'], faults: ['activity-failed'], laws: false },
    predictedSteps: {
      // The patch is decided in every rollback from the schema's step on; replay would decide it the other way.
      'patched-regression': ['createTenantRecord', 'createTenantSchema'],
      // The bundle reads the replay flag (by either name): nothing is predicted.
      'live-only-branch': [],
      'replaying-events-undo': [],
      // Every rollback from the second step on runs the undo whose input changed.
      'first-args': ['createTenantRecord'],
    },
  },
];

/** Where two verdicts part: the scenario and 200 characters of each from there. */
function difference(predicted: string, live: string): string {
  let at = 0;
  while (at < predicted.length && predicted[at] === live[at]) at++;
  const from = Math.max(0, at - 40);
  return `${predicted.slice(0, 90)}…\n  predicted …${predicted.slice(from, at + 160)}\n  live      …${live.slice(from, at + 160)}`;
}

const predictedCount = (result: RunResult) =>
  result.histories.flatMap((h) => h.scenarios).filter((s) => s.predicted).length;

const scenariosOf = (result: RunResult) => result.histories.flatMap((h) => h.scenarios);

for (const family of FAMILIES) {
  describe(`predicted paths, ${family.name}: same verdicts with prediction on and off`, function () {
    this.timeout(600_000);
    const dir = mkdtempSync(join(tmpdir(), 'predicted-parity-'));
    const golden = join(dir, 'goldens');
    const kept = join(dir, 'kept.json');

    before(async () => {
      installQuietRuntime();
      // Goldens and paths from the correct code; the golden entries then change every scenario's key, so nothing is reused.
      const made = await runFaultReplay({
        ...family.options,
        workflowsPath: family.reference,
        goldenDir: golden,
        update: true,
        incrementalPath: kept,
      });
      expect(made.exitCode, JSON.stringify(verdictLines(made), undefined, 1).slice(0, 3000)).to.equal(0);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const variant of family.variants) {
      it(`${variant}`, async () => {
        const file = join(dir, `${basename(variant)}.json`);
        copyFileSync(kept, file);
        const options = { ...family.options, workflowsPath: variant, goldenDir: golden };
        const predicted = await runFaultReplay({ ...options, incrementalPath: file });
        const live = await runFaultReplay(options);
        const [on, off] = [verdictLines(predicted), verdictLines(live)];
        const differ = on.flatMap((verdict, i) => (verdict === off[i] ? [] : [difference(verdict, off[i] ?? '')]));
        expect(differ.join('\n\n')).to.equal('');
        expect(on.length).to.equal(off.length);
        expect(predicted.exitCode).to.equal(live.exitCode);
        const followed = scenariosOf(live).filter((s) => s.outcome !== 'not-applicable').length;
        if (variant === family.reference) {
          const count = predictedCount(predicted);
          if (family.localActivities) expect(count, 'the correct code follows its own kept paths').to.be.greaterThan(0);
          else expect(count, 'the correct code follows every kept path').to.equal(followed);
        }
        const expected = family.predictedSteps?.[basename(variant, '.ts')];
        if (expected) {
          const predictedSteps = scenariosOf(predicted)
            .filter((s) => s.predicted)
            .map((s) => s.activityType);
          expect(predictedSteps, 'the scenarios predicted').to.deep.equal(expected);
          expect(live.exitCode, 'each such variant is a finding').to.equal(1);
        }
      });
    }
  });
}
