import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { expandWorkerCommand, workerEnvironment } from '../../src/live/worker-command';
import { workerOptionsProblem } from '../../src/live/worker-options';
import { runFaultReplay } from '../../src/run';

const HAPPY = 'histories/tenant-provisioning/happy.json';

describe('--worker-command: what the team’s worker is told, and what is refused', () => {
  it('the frontend’s address, namespace and task queue as FAULT_REPLAY_* variables', () => {
    expect(workerEnvironment('127.0.0.1:4242')).to.deep.equal({
      FAULT_REPLAY_ADDRESS: '127.0.0.1:4242',
      FAULT_REPLAY_NAMESPACE: 'default',
      FAULT_REPLAY_TASK_QUEUE: 'fault-replay-live',
    });
  });

  it('{address}, {namespace} and {taskQueue} in the command become single-quoted shell words (a quote in a value stays inert)', () => {
    expect(expandWorkerCommand('w --at {address} --ns {namespace} -q {taskQueue} {other}', '127.0.0.1:4242')).to.equal(
      "w --at '127.0.0.1:4242' --ns 'default' -q 'fault-replay-live' {other}",
    );
    const echoed = spawnSync('/bin/sh', ['-c', expandWorkerCommand('printf %s {address}', "a'; echo pwned; '")], {
      encoding: 'utf8',
    });
    expect(echoed.stdout).to.equal("a'; echo pwned; '");
  });

  it('one of --workflows and --worker-command; with a command, no TypeScript interceptors and no --incremental', () => {
    expect(workerOptionsProblem({})).to.match(/^no workflows: give --workflows .* or --worker-command/);
    expect(workerOptionsProblem({ workflowsPath: 'w.ts' })).to.equal(undefined);
    expect(workerOptionsProblem({ workerCommand: 'python worker.py' })).to.equal(undefined);
    expect(workerOptionsProblem({ workerCommand: '  ' })).to.equal('--worker-command: the command is empty');
    expect(workerOptionsProblem({ workerCommand: 'x', workflowsPath: 'w.ts' })).to.match(/give one/);
    expect(workerOptionsProblem({ workerCommand: 'x', interceptorModules: ['i.ts'] })).to.match(/^--interceptors/);
    expect(workerOptionsProblem({ workerCommand: 'x', incrementalPath: 'cache' })).to.match(/^--incremental/);
  });

  it('a worker command that exits before it polls: the run could not happen (one line with its exit code and last words), never a pass', async () => {
    const run = runFaultReplay({
      workerCommand: 'echo no temporalio here >&2; exit 3',
      histories: [HAPPY],
      faults: ['activity-failed'],
      workers: 1,
    });
    await run.then(
      () => expect.fail('the run resolved'),
      (err: Error) =>
        expect(err.message).to.equal(
          'the live worker does not start: the worker command exited (code 3) before it polled: no temporalio here',
        ),
    );
  });
});
