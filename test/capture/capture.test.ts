import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import * as activities from '../fixtures/capture-saga/activities';
import { runCli } from '../support/cli';
import { historyJson } from '../../src/record/history-json';
import { REDACT_KEY_FILE } from '../../src/record/redact';
import { bundleWorkflows } from '../../src/replay/bundle';
import { startServer } from '../../src/server/environment';
import { installQuietRuntime } from '../../src/util/quiet';

const WORKFLOWS = 'test/fixtures/capture-saga/workflows.ts';
const EMAIL = 'ada.lovelace@example.com';
const PREFIX = `capture-${process.pid}-${Date.now()}`;
const ORIGINALS = [
  EMAIL,
  `${PREFIX}-order`,
  'carrier refused the parcel',
  'receipt of',
  'reserved for',
  'shipped to',
  'activities.ts',
];

/** The text of every payload in a written history file (base64 JSON), decoded. */
function payloadTexts(file: string): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const candidate = value as { metadata?: Record<string, string>; data?: string };
    if (candidate.metadata && typeof candidate.metadata.encoding === 'string') {
      texts.push(Buffer.from(candidate.data ?? '', 'base64').toString('utf8'));
      Object.values(candidate.metadata).forEach((meta) => texts.push(Buffer.from(meta, 'base64').toString('utf8')));
      return;
    }
    Object.values(value).forEach(walk);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  return texts;
}

describe('fault-replay capture (on a real dev server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let address: string;
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-'));
    dirs.push(dir);
    return dir;
  };
  const capture = async (...args: string[]) =>
    (await runCli('capture', '--address', address, '--namespace', 'default', ...args)).code;
  const byQuery = `WorkflowType = 'captureSaga' AND WorkflowId STARTS_WITH '${PREFIX}'`;

  before(async () => {
    installQuietRuntime();
    env = await startServer('dev', { searchAttributes: [{ name: 'CustomerEmail', type: 'KEYWORD' }] });
    address = env.connection.options.address;
    const taskQueue = `${PREFIX}-queue`;
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflows({ workflowsPath: WORKFLOWS }),
      activities,
    });
    running = worker.run();
    const start = (id: string, decline: boolean) =>
      env.client.workflow.start('captureSaga', {
        taskQueue,
        workflowId: `${PREFIX}-${id}`,
        args: [{ orderId: `${PREFIX}-order-${id}`, email: EMAIL, decline }],
        memo: { owner: EMAIL },
        searchAttributes: { CustomerEmail: [EMAIL] },
      });
    const handles = await Promise.all([start('ok-1', false), start('ok-2', false), start('declined', true)]);
    await Promise.all(handles.map((handle) => handle.result().catch(() => undefined)));
    await env.client.workflow.start('openForever', { taskQueue, workflowId: `${PREFIX}-open` });
    // Visibility is eventually consistent: wait until the query sees all three closed runs.
    for (
      let tries = 0;
      (await env.client.workflow.count(`${byQuery} AND ExecutionStatus != 'Running'`)).count < 3;
      tries++
    ) {
      if (tries > 100) throw new Error('visibility never listed the three closed runs');
      await new Promise((done) => setTimeout(done, 100));
    }
  });

  after(async () => {
    await env?.client.workflow
      .getHandle(`${PREFIX}-open`)
      .terminate('test over')
      .catch(() => undefined);
    worker?.shutdown();
    await running;
    await env?.teardown();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('by id: one file named <workflow id>.<run id>.json, the history as the server has it; a rerun writes the same bytes', async () => {
    const out = newDir();
    const handle = env.client.workflow.getHandle(`${PREFIX}-declined`);
    const { runId } = await handle.describe();
    expect(await capture('--workflow-id', `${PREFIX}-declined`, '--out', out)).to.equal(0);
    const name = `${PREFIX}-declined.${runId}.json`;
    expect(readdirSync(out)).to.deep.equal([name]);
    const first = readFileSync(join(out, name), 'utf8');
    // The same JSON; the order of keys inside a metadata map is the server's and may differ per call.
    expect(JSON.parse(first)).to.deep.equal(JSON.parse(historyJson(await handle.fetchHistory())));
    expect(first).to.include('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
    expect(await capture('--workflow-id', `${PREFIX}-declined`, '--run-id', runId, '--out', out)).to.equal(0);
    expect(readdirSync(out)).to.deep.equal([name]);
    expect(JSON.parse(readFileSync(join(out, name), 'utf8'))).to.deep.equal(JSON.parse(first));
  });

  it('by query: every closed execution it finds, at most --limit', async () => {
    const all = newDir();
    expect(await capture('--query', byQuery, '--out', all)).to.equal(0);
    expect(
      readdirSync(all)
        .map((name) => name.split('.')[0])
        .sort(),
    ).to.deep.equal([`${PREFIX}-declined`, `${PREFIX}-ok-1`, `${PREFIX}-ok-2`]);
    const two = newDir();
    expect(await capture('--query', byQuery, '--limit', '2', '--out', two)).to.equal(0);
    expect(readdirSync(two)).to.have.length(2);
  });

  it('an open execution is not captured: one line naming it, exit 2', async () => {
    const out = newDir();
    const result = await runCli('capture', '--address', address, '--workflow-id', `${PREFIX}-open`, '--out', out);
    expect(result.code).to.equal(2);
    expect(result.err).to.equal(`fault-replay: ${PREFIX}-open: still running: only closed executions can be checked`);
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it('a namespace the server does not have, or a query it refuses: one line naming it, exit 2 (was a crash on the gRPC error’s numeric code)', async () => {
    const out = newDir();
    const noNamespace = await runCli(
      'capture',
      '--address',
      address,
      '--namespace',
      'nosuch',
      '--query',
      byQuery,
      '--out',
      out,
    );
    expect(noNamespace.code).to.equal(2);
    expect(noNamespace.err).to.match(
      /^fault-replay: capture: the server refuses to list namespace nosuch with --query ".*": 5 NOT_FOUND: Namespace nosuch is not found\.?$/,
    );
    const badQuery = await runCli('capture', '--address', address, '--query', 'WorkflowType = ', '--out', out);
    expect(badQuery.code).to.equal(2);
    expect(badQuery.err).to.match(
      /^fault-replay: capture: the server refuses to list namespace default with --query "WorkflowType = ": 3 INVALID_ARGUMENT: /,
    );
    expect(badQuery.err.split('\n')).to.have.length(1);
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it('a query that matches nothing says so and exits 2; with --allow-empty, 0', async () => {
    const out = newDir();
    const nothing = `WorkflowId = '${PREFIX}-never-started'`;
    const strict = await runCli('capture', '--address', address, '--query', nothing, '--out', out);
    expect([strict.code, strict.err]).to.deep.equal([
      2,
      'fault-replay: capture: no closed execution matched (--allow-empty to exit 0)',
    ]);
    const allowed = await runCli('capture', '--address', address, '--query', nothing, '--allow-empty', '--out', out);
    expect([allowed.code, allowed.err]).to.deep.equal([0, 'fault-replay: capture: no closed execution matched']);
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it('--redact: no original string in any payload, memo, search attribute or failure, and the corpus checks exit 0 against goldens made from it', async () => {
    const plain = newDir();
    expect(await capture('--query', byQuery, '--out', plain)).to.equal(0);
    const plainText = readdirSync(plain)
      .map((name) => readFileSync(join(plain, name), 'utf8') + payloadTexts(join(plain, name)).join('\n'))
      .join('\n');
    for (const original of ORIGINALS)
      expect(plainText, `the unredacted capture holds ${original} (sanity check)`).to.include(original);

    const out = newDir();
    expect(await capture('--query', byQuery, '--redact', '--out', out)).to.equal(0);
    // The key made for this capture stays beside it (for the next one), not readable by others.
    expect(statSync(join(out, REDACT_KEY_FILE)).mode & 0o777).to.equal(0o600);
    const files = readdirSync(out)
      .filter((name) => name !== REDACT_KEY_FILE)
      .map((name) => join(out, name));
    expect(files).to.have.length(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8') + payloadTexts(file).join('\n');
      for (const original of [
        EMAIL,
        'carrier refused the parcel',
        'receipt of',
        'reserved for',
        'shipped to',
        'activities.ts',
      ]) {
        expect(text, `${file} still holds ${original}`).to.not.include(original);
      }
    }
    expect((await runCli('check', '--workflows', WORKFLOWS, '--histories', out, '--update')).code).to.equal(0);
    const goldens = readdirSync(out).filter((name) => name.endsWith('.faults.json'));
    expect(goldens).to.have.length(3);
    const declinedGolden = readFileSync(
      join(
        out,
        goldens.find((name) => name.includes('declined'))!,
      ),
      'utf8',
    );
    expect(declinedGolden).to.include('"activity": "refundCard"');
    expect(declinedGolden).to.include('"activityType": "releaseStock"'); // the recorded rollback's steps are still there
    const declinedHistory = readFileSync(
      files.find((file) => file.includes('declined'))!,
      'utf8',
    );
    expect(declinedHistory).to.include('"type": "ShippingRefused"');
    expect(declinedHistory).to.match(/"message": "redacted:[0-9a-f]{16}"/);
    expect((await runCli('check', '--workflows', WORKFLOWS, '--histories', out)).code).to.equal(0);
  });
});
