import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { expect } from 'chai';
import { shardActivity } from '../../src/distribute/activity';
import { workerPolicy } from '../../src/distribute/policy';
import type { ShardCheckOptions } from '../../src/distribute/protocol';
import { installQuietRuntime } from '../../src/util/quiet';
import { faultReplay } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const WORKFLOWS = 'test/fixtures/saga-variants/forward-order.ts';
const OPTIONS: ShardCheckOptions = {
  histories: ['histories/tenant-provisioning/happy.json'],
  faults: ['activity-failed'],
  workers: 1,
};
const started: Array<{ close(): void }> = [];
/** A worker's shard activity, started in the repo root with --histories-root . (the test runs from there); closed after the tests. */
function workerActivity(workflowsPath = WORKFLOWS, limitBytes?: number) {
  const activity = shardActivity(workerPolicy({ historiesRoot: '.', workflowsPath }), limitBytes);
  started.push(activity);
  return activity;
}
const checkShard = (input: unknown, limitBytes?: number) => workerActivity(WORKFLOWS, limitBytes)(input);

/** The processes this test process has started (the engines' worker and replay processes among them). */
function childProcesses(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, command]) => Number(pid) > 0 && command !== 'ps') // not the ps that lists them
    .map(([pid]) => Number(pid))
    .sort((a, b) => a - b);
}

/** The shard activity a `fault-replay worker` runs, without a server (the SDK's mock activity context). */
describe('the shard activity of check --distribute', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    installQuietRuntime();
    dir = scratchDir('distribute-activity-');
  });
  after(() => {
    for (const activity of started) activity.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns, gzipped, the JSON report check --shard i/n --json writes, byte for byte, heartbeating as each scenario closes', async () => {
    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));
    const gzip = (await env.run(checkShard, { options: OPTIONS, index: 2, count: 2 })) as string;
    const local = faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      ...OPTIONS.histories,
      '--faults',
      'activity-failed',
      '--workers',
      '1',
      '--shard',
      '2/2',
      '--json',
      join(dir, 'local.json'),
    ]);
    expect(local.status, local.stderr).to.equal(1); // forward-order breaks the undo-order law
    expect(gunzipSync(Buffer.from(gzip, 'base64')).toString('utf8')).to.equal(
      readFileSync(join(dir, 'local.json'), 'utf8'),
    );
    const planned = (
      JSON.parse(readFileSync(join(dir, 'local.json'), 'utf8')) as { histories: { scenarios: unknown[] }[] }
    ).histories[0].scenarios.length;
    expect(planned).to.be.greaterThan(1);
    // Not on a timer alone: a shard shorter than the timer still says how far it got, scenario by scenario.
    const followed = heartbeats.map((details) => details as { followed: number; scenarios: number });
    expect(followed.filter((d) => d.scenarios === planned).map((d) => d.followed)).to.include.members(
      Array.from({ length: planned }, (_, i) => i + 1),
    );
  });

  it('a worker checks every shard against the code it bundled at its first: a workflows file changed under it changes no later shard', async () => {
    const workflows = join(dir, 'workflows.ts');
    const exporting = (module: string) =>
      writeFileSync(workflows, `export { provisionTenant } from ${JSON.stringify(resolve(module))};\n`);
    const counts = (gzip: unknown) =>
      (JSON.parse(gunzipSync(Buffer.from(gzip as string, 'base64')).toString('utf8')) as { counts: object }).counts;
    const shard = { options: OPTIONS, index: 1, count: 1 };
    exporting('test/fixtures/saga-variants/forward-order');
    const worker = workerActivity(workflows);
    const first = counts(await new MockActivityEnvironment().run(worker, shard));
    exporting('examples/tenant-provisioning/workflows');
    const second = counts(await new MockActivityEnvironment().run(worker, shard));
    const restarted = workerActivity(workflows);
    const fresh = counts(await new MockActivityEnvironment().run(restarted, shard));
    expect(second, 'the same worker, after the change').to.deep.equal(first);
    expect(fresh, 'a worker started after the change').to.not.deep.equal(first);
  });

  it('a worker keeps its engine between shards: the next shard starts no process, one asking for other processes starts new ones, and close stops them', async () => {
    const worker = workerActivity();
    const before = childProcesses();
    await new MockActivityEnvironment().run(worker, { options: OPTIONS, index: 1, count: 2 });
    const first = childProcesses().filter((pid) => !before.includes(pid));
    expect(first, 'the first shard starts the engine').to.not.be.empty;
    await new MockActivityEnvironment().run(worker, { options: OPTIONS, index: 2, count: 2 });
    expect(
      childProcesses().filter((pid) => !before.includes(pid)),
      'the second shard',
    ).to.deep.equal(first);
    await new MockActivityEnvironment().run(worker, { options: { ...OPTIONS, deadlineMs: 6_000 }, index: 1, count: 2 });
    const other = childProcesses().filter((pid) => !before.includes(pid) && !first.includes(pid));
    expect(other, 'another deadline: new processes').to.not.be.empty;
    worker.close();
    for (let waited = 0; waited < 600 && childProcesses().some((pid) => other.includes(pid)); waited++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      childProcesses().filter((pid) => other.includes(pid) || first.includes(pid)),
      'after close',
    ).to.be.empty;
  });

  it('a report over the payload limit is a non-retryable failure asking for more shards (a retry would only fail again)', async () => {
    const failure = await new MockActivityEnvironment(undefined, {
      logger: new DefaultLogger('ERROR', () => undefined),
    })
      .run(checkShard, { options: OPTIONS, index: 1, count: 1 }, 1100)
      .catch((err: unknown) => err);
    expect(failure).to.be.instanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).to.equal(true);
    expect((failure as Error).message).to.match(
      /^its report is \d+ bytes gzipped \(base64\), over Temporal's payload limit of 1100 bytes: give more --shards$/,
    );
  });
});
