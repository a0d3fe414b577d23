import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { scenarioRunId } from '../../src/live/live-runs';
import { loadHistories } from '../../src/load/load';
import { runFaultReplay } from '../../src/run';
import { installQuietRuntime } from '../../src/util/quiet';
import { TRUTHFUL } from '../support/truthful-check';

const HAPPY = join(TRUTHFUL, 'histories', 'happy.json');

describe('stable scenarios: a run id made from the scenario, not at random', function () {
  this.timeout(180_000);

  it('the same scenario gets the same run id; another step, fault or copy of the history another', () => {
    const [history] = loadHistories([HAPPY]).histories;
    const id = scenarioRunId(history, 3, 'activity-failed');
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(scenarioRunId(history, 3, 'activity-failed')).to.equal(id);
    const others = [
      scenarioRunId(history, 2, 'activity-failed'),
      scenarioRunId(history, 3, 'retries-exhausted'),
      scenarioRunId({ ...history, copy: 1 }, 3, 'activity-failed'),
    ];
    expect(new Set([id, ...others]).size).to.equal(4);
  });

  it('copies of one history loaded side by side are numbered in load order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-copies-'));
    try {
      for (const name of ['a.json', 'b.json', 'c.json']) cpSync(HAPPY, join(dir, name));
      expect(loadHistories([dir]).histories.map((h) => h.copy)).to.deep.equal([0, 1, 2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an undo keyed by workflowInfo().runId: goldens settle (a second --update changes nothing; check exit 0), copies checked side by side too', async () => {
    installQuietRuntime();
    const dir = mkdtempSync(join(tmpdir(), 'run-id-goldens-'));
    try {
      for (const name of ['happy.json', 'copy.json']) cpSync(HAPPY, join(dir, name));
      const check = (update: boolean) =>
        runFaultReplay({
          workflowsPath: join(TRUTHFUL, 'variants', 'runid-idempotency.ts'),
          histories: [dir],
          faults: ['activity-failed'],
          laws: false,
          update,
        });
      const first = await check(true);
      const golden = readFileSync(join(dir, 'happy.faults.json'), 'utf8');
      expect(golden).to.match(/"idempotencyKey": "[0-9a-f-]{36}-refund"/);
      const second = await check(true);
      expect(second.histories.map((h) => h.update?.changed.length)).to.deep.equal([0, 0]);
      expect(readFileSync(join(dir, 'happy.faults.json'), 'utf8')).to.equal(golden);
      const again = await check(false);
      expect(again.exitCode, JSON.stringify(again.problems)).to.equal(0);
      expect(first.exitCode).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
