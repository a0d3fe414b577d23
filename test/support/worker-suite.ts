import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import type { FaultReplayOptions } from '../../src/model/options';
import { installQuietRuntime } from '../../src/util/quiet';
import { TWINS, TWIN_FAULTS, verdicts } from './twins';

/** One SDK's worker under the tool: its example saga's corpus and how to start its worker (with a planted bug, by name). */
export interface SdkWorker {
  /** `Python worker (temporalio from PyPI)` */
  title: string;
  corpus: string;
  command(bug?: string): string;
}

/**
 * The team's own worker of another SDK (--worker-command) under the tool: the reference saga passes
 * against the goldens and spec made through it, a worker on another task queue is refused in one
 * line, and each planted bug is flagged with the same verdict, scenario by scenario, as its
 * TypeScript twin on the TypeScript recording of the same saga.
 */
export function workerSuite(sdk: SdkWorker): void {
  describe(`check --worker-command with a ${sdk.title} (slow suite)`, function () {
    this.timeout(600_000);
    before(() => installQuietRuntime());

    it('the reference saga on its live-recorded corpus, every fault kind: all compensated, exit 0', async () => {
      const result = await runFaultReplay({ workerCommand: sdk.command(), histories: [sdk.corpus], faults: ['all'] });
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
        workerCommand: `FAULT_REPLAY_TASK_QUEUE=elsewhere ${sdk.command()}`,
        histories: [`${sdk.corpus}/happy.json`],
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
      for (const [bug, typescript] of Object.entries(TWINS)) {
        it(`${bug} (${judge}): the verdicts of its TypeScript twin ${typescript}, scenario by scenario, exit 1`, async () => {
          const options: Partial<FaultReplayOptions> = { laws, faults: TWIN_FAULTS, workers: 1 };
          const [other, ts] = [
            await runFaultReplay({
              ...options,
              workerCommand: sdk.command(bug),
              histories: [`${sdk.corpus}/happy.json`],
            }),
            await runFaultReplay({
              ...options,
              workflowsPath: `test/fixtures/saga-variants/${typescript}.ts`,
              histories: ['histories/tenant-provisioning/happy.json'],
            }),
          ];
          expect(other.problems).to.deep.equal([]);
          expect(verdicts(other)).to.deep.equal(verdicts(ts));
          expect(other.counts.compensated, 'the bug is caught somewhere').to.be.lessThan(
            other.histories[0].scenarios.length,
          );
          expect(other.exitCode).to.equal(1);
        });
      }
    }
  });
}
