import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'chai';
import { startServer } from '../../src/server/environment';
import { installQuietRuntime } from '../../src/util/quiet';
import { ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const HISTORIES = 'histories/tenant-provisioning';
const QUEUE = `distribute-test-${process.pid}`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The real bin, from the repo root, without blocking this process (the workers are its children too). */
function faultReplay(args: string[]): { child: ChildProcess; done: Promise<Run>; stderr(): string } {
  const { GITHUB_ACTIONS: _unset, ...env } = process.env;
  const child = spawn(process.execPath, ['bin/fault-replay.js', ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

async function until(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('check --distribute: shards on two fault-replay workers through a real dev server', function () {
  this.timeout(900_000);
  let env: TestWorkflowEnvironment;
  let address: string;
  let dir: string;
  const workers: Array<ReturnType<typeof faultReplay>> = [];
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const reports = (name: string) => [
    '--json',
    join(dir, `${name}.json`),
    '--junit',
    join(dir, `${name}.xml`),
    '--markdown',
    join(dir, `${name}.md`),
  ];
  const startWorker = async () => {
    const worker = faultReplay([
      'worker',
      '--address',
      address,
      '--task-queue',
      QUEUE,
      '--workflows',
      WORKFLOWS,
      '--histories-root',
      '.',
    ]);
    workers.push(worker);
    await until('a worker to poll', () => worker.stderr().includes('polling task queue'));
    return worker;
  };
  let local: Run;
  let distributed: Run;

  before(async () => {
    installQuietRuntime();
    dir = scratchDir('distribute-test-');
    env = await startServer('dev');
    address = env.connection.options.address;
    await Promise.all([startWorker(), startWorker()]);
    local = await faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      HISTORIES,
      ...reports('local'),
      '--weights',
      join(dir, 'local.weights'),
    ]).done;
    // The workers split by a weights file that is wrong everywhere (every unit + 1000); the run rewrites it with what it measured.
    const wrong = readFileSync(join(dir, 'local.weights'), 'utf8').replace(/\[[^\]]*\]/g, (steps) =>
      steps.replace(/\d+/g, (units) => String(Number(units) + 1000)),
    );
    expect(wrong).not.to.equal(readFileSync(join(dir, 'local.weights'), 'utf8'));
    writeFileSync(join(dir, 'distributed.weights'), wrong);
    distributed = await faultReplay([
      'check',
      '--distribute',
      '--address',
      address,
      '--task-queue',
      QUEUE,
      '--shards',
      '2',
      '--workflows',
      WORKFLOWS,
      '--histories',
      HISTORIES,
      ...reports('distributed'),
      '--weights',
      join(dir, 'distributed.weights'),
    ]).done;
  });

  after(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await env?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the JSON of a local check byte for byte, and the same JUnit, Markdown, terminal output and exit code', () => {
    expect(local.status, local.stderr).to.equal(0);
    expect(distributed.status, distributed.stderr).to.equal(local.status);
    expect(read('distributed.json')).to.equal(read('local.json'));
    expect(
      JSON.parse(read('local.json')).histories.flatMap((h: { scenarios: unknown[] }) => h.scenarios),
    ).to.have.length.greaterThan(20);
    expect(read('distributed.xml')).to.equal(read('local.xml'));
    expect(read('distributed.md')).to.equal(read('local.md'));
    expect(distributed.stdout).to.equal(local.stdout);
  });

  it("--weights: the shards split by the file, and it is rewritten with what the workers measured, the local check's bytes", () => {
    expect(read('local.weights')).to.match(/"activity-failed": \[\d+,/);
    expect(read('distributed.weights')).to.equal(read('local.weights'));
  });

  it('each of the two workers checked one of the two shards', () => {
    const taken = workers.map((w) => /shard (\d)\/2 of/.exec(w.stderr())?.[1]);
    expect(taken.sort()).to.deep.equal(['1', '2']);
  });

  it('a worker killed while it checks a shard: Temporal retries the shard on the other worker, and the JSON is still the local one', async () => {
    const marks = workers.map((w) => w.stderr().length);
    const run = faultReplay([
      'check',
      '--distribute',
      '--address',
      address,
      '--task-queue',
      QUEUE,
      '--shards',
      '2',
      '--heartbeat-timeout',
      '10',
      '--workflows',
      WORKFLOWS,
      '--histories',
      HISTORIES,
      '--json',
      join(dir, 'after-kill.json'),
    ]);
    await until('a worker to take a shard', () =>
      workers.some((w, i) => w.stderr().slice(marks[i]).includes('shard ')),
    );
    const victim = workers.findIndex((w, i) => w.stderr().slice(marks[i]).includes('shard '));
    workers[victim].child.kill('SIGKILL');
    const result = await run.done;
    expect(result.status, result.stderr).to.equal(0);
    expect(read('after-kill.json')).to.equal(read('local.json'));
    const survivor = workers[1 - victim].stderr().slice(marks[1 - victim]);
    expect(survivor, 'the shard the killed worker held ran again, on the survivor').to.match(/\(attempt 2\)/);
    workers.splice(victim, 1);
  });

  it('a shard the workers refuse (a history path outside their --histories-root) is one line naming why, exit 2', async () => {
    const result = await faultReplay([
      'check',
      '--distribute',
      '--address',
      address,
      '--task-queue',
      QUEUE,
      '--shards',
      '2',
      '--attempts',
      '2',
      '--workflows',
      WORKFLOWS,
      '--histories',
      join(ROOT, HISTORIES),
      '--json',
      join(dir, 'never.json'),
    ]).done;
    expect(result.status).to.equal(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).to.have.length(2);
    for (const [i, line] of lines.entries()) {
      expect(line).to.match(
        new RegExp(
          `^fault-replay: shard ${i + 1}/2 could not run \\(2 attempts, workflow fault-replay-check-[0-9a-f-]+\\): shard refused: histories: ".*${HISTORIES}" is absolute`,
        ),
      );
    }
    expect(() => read('never.json')).to.throw(/ENOENT/);
  });

  it('no worker polls the task queue: a warning line; Ctrl-C then terminates the workflow and exits 130', async () => {
    const queue = `${QUEUE}-nobody`;
    const run = faultReplay([
      'check',
      '--distribute',
      '--address',
      address,
      '--task-queue',
      queue,
      '--workflows',
      WORKFLOWS,
      '--histories',
      HISTORIES,
    ]);
    await until('the warning', () => run.stderr().includes(`no worker has polled task queue ${queue}`));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.status, result.stderr).to.equal(130);
    const listed = async () => {
      for await (const execution of env.client.workflow.list({ query: `TaskQueue = '${queue}'` }))
        return execution.status.name;
      return undefined;
    };
    let status = await listed();
    for (let tries = 0; status !== 'TERMINATED' && tries < 60; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await listed();
    }
    expect(status, 'the workflow as the server lists it').to.equal('TERMINATED');
  });
});
