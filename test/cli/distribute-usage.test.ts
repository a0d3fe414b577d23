import { expect } from 'chai';
import { faultReplay } from '../support/check-cli';
import { runCli } from '../support/cli';

const CHECK = [
  'check',
  '--workflows',
  'examples/tenant-provisioning/workflows.ts',
  '--histories',
  'histories/tenant-provisioning',
];
// Nothing listens here: a command that tried to connect would fail with a connection error instead of the usage line.
const TARGET = ['--address', '127.0.0.1:1', '--task-queue', 'q'];

describe('check --distribute and worker: usage errors are one line and exit 2, before any connection', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      '--update',
      ['--distribute', ...TARGET, '--update'],
      /^fault-replay: --update would write golden files on the worker machines/,
    ],
    [
      '--repro',
      ['--distribute', ...TARGET, '--repro', 'r'],
      /^fault-replay: --repro would write on the worker machines/,
    ],
    [
      '--shard',
      ['--distribute', ...TARGET, '--shard', '1/2'],
      /^fault-replay: --shard and --distribute both split the run/,
    ],
    [
      'no --address',
      ['--distribute', '--task-queue', 'q'],
      /^fault-replay: --distribute needs --address and --task-queue/,
    ],
    [
      'no --task-queue',
      ['--distribute', '--address', '127.0.0.1:1'],
      /^fault-replay: --distribute needs --address and --task-queue/,
    ],
    [
      'an unknown fault kind',
      ['--distribute', ...TARGET, '--faults', 'no-such-fault'],
      /^fault-replay: unknown fault kind no-such-fault/,
    ],
  ];
  for (const [name, extra, line] of cases) {
    it(`check --distribute with ${name}`, async () => {
      const run = await runCli(...CHECK, ...extra);
      expect(run.code).to.equal(2);
      expect(run.err.split('\n'), run.err).to.have.length(1);
      expect(run.err).to.match(line);
    });
  }

  it("check --distribute with module and file flags (the workers' own): one line, exit 2 (a child process: check adds signal listeners in-process)", () => {
    const run = faultReplay([...CHECK, '--distribute', ...TARGET, '--results', 'r.json', '--interceptors', 'i.ts']);
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal(
      "fault-replay: interceptorModules, resultsPath: with --distribute these are each fault-replay worker's own flags (a shard carries no module or file path)",
    );
  });

  it('--shards 0 is a usage error', async () => {
    const run = await runCli(...CHECK, '--distribute', ...TARGET, '--shards', '0');
    expect(run.code).to.equal(2);
  });

  it('worker without --task-queue is a usage error', async () => {
    const run = await runCli('worker', '--address', '127.0.0.1:1');
    expect(run.code).to.equal(2);
  });

  it('worker without --workflows or --histories-root is a usage error; a root or module that is not there is one line', async () => {
    expect((await runCli('worker', ...TARGET, '--histories-root', '.')).code).to.equal(2);
    expect((await runCli('worker', ...TARGET, '--workflows', 'examples/workflows.ts')).code).to.equal(2);
    const missing = await runCli('worker', ...TARGET, '--workflows', 'examples/no-such.ts', '--histories-root', '.');
    expect([missing.code, missing.err.trim()]).to.deep.equal([
      2,
      'fault-replay: --workflows examples/no-such.ts: no such file or folder',
    ]);
    const root = await runCli(
      'worker',
      ...TARGET,
      '--workflows',
      'examples/workflows.ts',
      '--histories-root',
      'no-such-root',
    );
    expect([root.code, root.err.trim()]).to.deep.equal([
      2,
      'fault-replay: --histories-root no-such-root: no such folder',
    ]);
  });
});
