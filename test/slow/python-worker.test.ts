import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import type { FaultReplayOptions } from '../../src/model/options';
import { installQuietRuntime } from '../../src/util/quiet';
import { PYTHON_CORPUS, pythonWorkerCommand } from '../support/python';
import { TWINS, TWIN_FAULTS as FAULTS, verdicts } from '../support/twins';

/**
 * The team's own Python worker (--worker-command) under the tool: the Python reference saga passes
 * against the goldens and spec made through it, and each planted bug is flagged with the same verdict,
 * scenario by scenario, as its TypeScript twin on the TypeScript recording of the same saga.
 */
describe('check --worker-command with a Python worker (temporalio from PyPI; slow suite)', function () {
  this.timeout(600_000);
  before(() => installQuietRuntime());

  it('the Python reference saga on its live-recorded corpus, every fault kind: all compensated, exit 0', async () => {
    const result = await runFaultReplay({
      workerCommand: pythonWorkerCommand(),
      histories: [PYTHON_CORPUS],
      faults: ['all'],
    });
    expect(result.problems).to.deep.equal([]);
    expect(
      result.histories.every((h) => h.replay.ok),
      'each recorded history replays through a fresh worker process',
    ).to.equal(true);
    expect(result.counts.compensated).to.equal(615);
    expect(result.counts['not-applicable']).to.equal(813);
    expect(result.exitCode).to.equal(0);
  });

  it('a worker that polls another task queue than FAULT_REPLAY_TASK_QUEUE: one line saying so, the run could not happen', async () => {
    const run = runFaultReplay({
      workerCommand: `FAULT_REPLAY_TASK_QUEUE=elsewhere ${pythonWorkerCommand()}`,
      histories: [`${PYTHON_CORPUS}/happy.json`],
      faults: ['activity-failed'],
      workers: 1,
    });
    await run.then(
      () => expect.fail('the run resolved'),
      (err: Error) =>
        expect(err.message).to.match(
          /the worker command polls task queue elsewhere in namespace default: it must poll \$FAULT_REPLAY_TASK_QUEUE/,
        ),
    );
  });

  for (const laws of [true, false]) {
    const judge = laws ? 'goldens and saga laws' : 'goldens alone';
    for (const [python, typescript] of Object.entries(TWINS)) {
      it(`${python} (${judge}): the verdicts of its TypeScript twin ${typescript}, scenario by scenario, exit 1`, async () => {
        const options: Partial<FaultReplayOptions> = { laws, faults: FAULTS, workers: 1 };
        const [py, ts] = [
          await runFaultReplay({
            ...options,
            workerCommand: pythonWorkerCommand(python),
            histories: [`${PYTHON_CORPUS}/happy.json`],
          }),
          await runFaultReplay({
            ...options,
            workflowsPath: `test/fixtures/saga-variants/${typescript}.ts`,
            histories: ['histories/tenant-provisioning/happy.json'],
          }),
        ];
        expect(py.problems).to.deep.equal([]);
        expect(verdicts(py)).to.deep.equal(verdicts(ts));
        expect(py.counts.compensated, 'the bug is caught somewhere').to.be.lessThan(py.histories[0].scenarios.length);
        expect(py.exitCode).to.equal(1);
      });
    }
  }
});
