import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { recordHistory } from '../../src/record/record';
import { runFaultReplay } from '../../src/run';
import { installQuietRuntime } from '../../src/util/quiet';
import { problemLine } from '../../src/model/problem';

const FIXTURE = 'test/fixtures/child-undo';

describe('a command the continuation cannot answer truthfully is a run that could not happen, not a regression', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-unsupported-'));
    await recordHistory({
      workflowsPath: `${FIXTURE}/workflows.ts`,
      activitiesPath: `${FIXTURE}/activities.ts`,
      workflowType: 'withExternalSignalUndo',
      args: [],
      failActivities: [],
      out: join(dir, 'signal.json'),
      server: 'dev',
      timeoutMs: 30_000,
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a signal to a workflow the recorded history never reached: could-not-run, the command and why in a problem line, exit 2', async () => {
    const result = await runFaultReplay({
      workflowsPath: `${FIXTURE}/workflows.ts`,
      histories: [dir],
      goldenDir: dir,
      update: true,
      faults: ['activity-failed'],
    });
    const [scenario] = result.histories[0].scenarios;
    expect(scenario.outcome).to.equal('could-not-run');
    expect(result.problems.map(problemLine)).to.deep.equal([
      `${join(dir, 'signal.json')}: step 1 doStep × activity-failed: cannot follow the path past a signalExternalWorkflowExecution command to workflow the-ledger (whether workflow the-ledger runs, and what it does, is not in the recorded history)`,
    ]);
    expect(result.exitCode).to.equal(2);
  });
});
