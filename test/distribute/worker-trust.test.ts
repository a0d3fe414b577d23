import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'chai';
import { DISTRIBUTE_WORKFLOW } from '../../src/distribute/protocol';
import { startServer } from '../../src/server/environment';
import { installQuietRuntime } from '../../src/util/quiet';
import { ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const QUEUE = `worker-trust-${process.pid}`;
const WORKFLOWS = 'test/fixtures/saga-variants/forward-order.ts';

/**
 * Issue 30, item 1: anyone who can start a workflow on the worker's task queue sends it a shard.
 * A plain client (not check --distribute) starts the tool's workflow directly, with inputs an
 * attacker would write; a real `fault-replay worker` on the dev server must refuse each, run none
 * of the modules named and read none of the files, and still run an honest shard.
 */
describe('fault-replay worker trusts only its own command line (dev server, a crafted client)', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;
  let dir: string;
  let worker: ChildProcess;
  let workerErr = '';
  const marker = () => join(dir, 'module-ran');
  let n = 0;
  const start = (input: unknown) =>
    env.client.workflow.execute(DISTRIBUTE_WORKFLOW, {
      taskQueue: QUEUE,
      workflowId: `crafted-${process.pid}-${++n}`,
      args: [input],
      workflowExecutionTimeout: '2 minutes',
    });
  const shard = (options: unknown, shards = 1) => ({ options, shards, attempts: 2, heartbeatTimeoutMs: 30_000 });

  before(async () => {
    installQuietRuntime();
    dir = scratchDir('worker-trust-');
    mkdirSync(join(dir, 'root'));
    copyFileSync(join(ROOT, 'histories/tenant-provisioning/happy.json'), join(dir, 'root', 'happy.json'));
    copyFileSync(
      join(ROOT, 'histories/tenant-provisioning/provisionTenant.saga.json'),
      join(dir, 'root', 'provisionTenant.saga.json'),
    );
    writeFileSync(join(dir, 'credentials.json'), '{"secret": "hunter2-do-not-leak"}\n');
    writeFileSync(
      join(dir, 'evil.js'),
      `require('fs').writeFileSync(${JSON.stringify(marker())}, 'ran'); module.exports = {};\n`,
    );
    env = await startServer('dev');
    const { GITHUB_ACTIONS: _unset, ...childEnv } = process.env;
    worker = spawn(
      process.execPath,
      [
        'bin/fault-replay.js',
        'worker',
        '--address',
        env.connection.options.address,
        '--task-queue',
        QUEUE,
        '--workflows',
        WORKFLOWS,
        '--histories-root',
        join(dir, 'root'),
      ],
      { cwd: ROOT, env: childEnv },
    );
    worker.stderr!.on('data', (chunk) => (workerErr += chunk));
    for (let waited = 0; !workerErr.includes('polling task queue'); waited += 100) {
      if (waited > 120_000 || worker.exitCode !== null) throw new Error(`the worker did not start: ${workerErr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await env?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a shard naming modules to load (results, workflows, converters): refused, naming the key; no module runs', async () => {
    const outcomes = await start(
      shard({ workflowsPath: join(dir, 'evil.js'), resultsPath: join(dir, 'evil.js'), histories: ['happy.json'] }),
    );
    expect(outcomes).to.deep.equal([
      {
        index: 1,
        ok: false,
        error:
          'shard refused: options: "workflowsPath", "resultsPath" not accepted: a shard carries no module or file path; the worker\'s own command line sets them',
      },
    ]);
    expect(existsSync(marker())).to.equal(false);
  });

  it('histories outside the root (an absolute path, a credentials file, /proc, ../): refused; no byte of them in the history', async () => {
    for (const path of ['/etc/passwd', join(dir, 'credentials.json'), '/proc/self/pagemap', '../credentials.json']) {
      const outcomes = (await start(shard({ histories: [path] }))) as Array<{ ok: boolean; error?: string }>;
      expect(outcomes[0].ok, path).to.equal(false);
      expect(outcomes[0].error, path).to.match(
        /^shard refused: histories: ".*" (is absolute|leads out of the worker's --histories-root)/,
      );
      const history = await env.client.workflow.getHandle(`crafted-${process.pid}-${n}`).fetchHistory();
      expect(JSON.stringify(history)).not.to.include('hunter2');
      expect(JSON.stringify(history)).not.to.include('root:x:0:0');
    }
  });

  it('inputs out of bounds: a million shards, an input over the size limit: the workflow fails at once, saying the bound', async () => {
    for (const [input, reason] of [
      [shard({ histories: ['happy.json'] }, 1_000_000), 'refused: shards must be a whole number from 1 to 1000'],
      [
        shard({ histories: ['x'.repeat(300_000)] }),
        /^refused: the input is \d+ characters of JSON, over the limit of 262144$/,
      ],
      [
        { ...shard({ histories: ['happy.json'] }), weights: { 'happy.json': {} } },
        /^refused: weights must be a string/,
      ],
    ] as const) {
      const failure = await start(input).catch((err: unknown) => err);
      expect(failure).to.be.instanceOf(WorkflowFailedError);
      expect(((failure as WorkflowFailedError).cause as Error).message).to.match(
        typeof reason === 'string' ? new RegExp(`^${reason.replace(/[()]/g, '\\$&')}$`) : reason,
      );
    }
  });

  it('weights that are not a packed table (not gzip, negative work): each shard refused, saying why', async () => {
    const packed = (bytes: Buffer) => gzipSync(bytes).toString('base64');
    for (const [weights, reason] of [
      ['$(rm -rf ~)', /^shard refused: weights: not a gzipped JSON table \(/],
      [packed(Buffer.from('{"happy.json": {"activity-failed": [-1]}}')), /-1 is not a whole number/],
    ] as const) {
      const outcomes = await start({ ...shard({ histories: ['happy.json'] }), weights });
      expect(outcomes).to.have.length(1);
      expect(outcomes[0].ok).to.equal(false);
      expect((outcomes[0] as { error: string }).error).to.match(reason);
    }
  });

  it("an honest shard still runs: the worker's own workflows, the history under its root, the report as the activity's result", async () => {
    const id = `crafted-${process.pid}-${n + 1}`;
    const outcomes = await start(shard({ histories: ['happy.json'], faults: ['activity-failed'] }));
    expect(outcomes).to.deep.equal([{ index: 1, ok: true }]);
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    const result = history.events!.find((e) => e.activityTaskCompletedEventAttributes)!
      .activityTaskCompletedEventAttributes!.result!.payloads![0];
    const report = JSON.parse(
      gunzipSync(Buffer.from(JSON.parse(Buffer.from(result.data!).toString()) as string, 'base64')).toString(),
    ) as {
      histories: Array<{ file: string; scenarios: Array<{ outcome: string }> }>;
    };
    expect(report.histories.map((h) => h.file)).to.deep.equal(['happy.json']);
    expect(report.histories[0].scenarios.map((s) => s.outcome)).to.include('law-broken'); // forward-order: the worker's --workflows
  });
});
