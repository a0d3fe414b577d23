import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import * as activities from '../fixtures/capture-saga/activities';
import { payloadCodecs } from '../fixtures/encrypting-codec/codec';
import { runCli as cli } from '../support/cli';
import { bundleWorkflows } from '../../src/replay/bundle';
import { startServer } from '../../src/server/environment';
import { installQuietRuntime } from '../../src/util/quiet';
import { REDACT_KEY_FILE } from '../../src/record/redact';

const WORKFLOWS = 'test/fixtures/capture-saga/workflows.ts';
const CODEC = 'test/fixtures/encrypting-codec/codec.ts';
const EMAIL = 'grace.hopper@example.com';
const PREFIX = `codec-${process.pid}-${Date.now()}`;

/** [encoding, decoded data] of every payload in a written history file. */
function payloads(file: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const candidate = value as { metadata?: Record<string, string>; data?: string };
    if (candidate.metadata && typeof candidate.metadata.encoding === 'string') {
      found.push([
        Buffer.from(candidate.metadata.encoding, 'base64').toString(),
        Buffer.from(candidate.data ?? '', 'base64').toString(),
      ]);
      return;
    }
    Object.values(value).forEach(walk);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  return found;
}

describe('--data-converter: histories encrypted by the team’s codec (recorded on a real dev server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let corpus: string;
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'codec-'));
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    installQuietRuntime();
    env = await startServer('dev');
    const taskQueue = `${PREFIX}-queue`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflows({ workflowsPath: WORKFLOWS }),
      activities,
      dataConverter: { payloadCodecs },
    });
    const client = new Client({ connection: env.connection, dataConverter: { payloadCodecs } });
    await worker.runUntil(async () => {
      for (const [id, decline] of [
        ['ok', false],
        ['declined', true],
      ] as const) {
        const handle = await client.workflow.start('captureSaga', {
          taskQueue,
          workflowId: `${PREFIX}-${id}`,
          args: [{ orderId: `${PREFIX}-order-${id}`, email: EMAIL, decline }],
          memo: { owner: EMAIL },
        });
        await handle.result().catch(() => undefined);
      }
    });
    corpus = newDir();
    const address = env.connection.options.address;
    for (const id of ['ok', 'declined']) {
      const captured = await cli('capture', '--address', address, '--workflow-id', `${PREFIX}-${id}`, '--out', corpus);
      expect(captured.code, captured.err).to.equal(0);
    }
  });

  after(async () => {
    await env?.teardown();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('the captured corpus is encrypted: every payload binary/encrypted, no plain value in any payload (sanity check)', () => {
    const files = readdirSync(corpus).map((name) => join(corpus, name));
    expect(files).to.have.length(2);
    for (const file of files) {
      const found = payloads(file);
      expect(found.length).to.be.at.least(8);
      expect(
        found.map(([encoding]) => encoding).filter((encoding) => encoding !== 'binary/encrypted'),
        file,
      ).to.deep.equal([]);
      expect(found.map(([, data]) => data).join('\n')).to.not.include(EMAIL);
    }
  });

  it('check decodes through the codec: exit 0 twice with byte-identical --json and goldens that show decoded values', async () => {
    const update = await cli(
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      corpus,
      '--data-converter',
      CODEC,
      '--update',
    );
    expect(update.code, update.out + update.err).to.equal(0);
    const goldens = () =>
      readdirSync(corpus)
        .filter((name) => name.endsWith('.faults.json'))
        .sort()
        .map((name) => readFileSync(join(corpus, name), 'utf8'));
    const first = goldens();
    expect(first).to.have.length(2);
    expect(first.join('\n')).to.include(`"orderId": "${PREFIX}-order-declined"`);
    expect(first.join('\n')).to.include(`"email": "${EMAIL}"`);

    const again = await cli(
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      corpus,
      '--data-converter',
      CODEC,
      '--update',
    );
    expect(again.code).to.equal(0);
    expect(goldens(), 'goldens written twice are byte-identical').to.deep.equal(first);

    const reports = newDir();
    for (const name of ['a.json', 'b.json']) {
      const check = await cli(
        'check',
        '--workflows',
        WORKFLOWS,
        '--histories',
        corpus,
        '--data-converter',
        CODEC,
        '--json',
        join(reports, name),
      );
      expect(check.code, check.out + check.err).to.equal(0);
      // one attempt a step: retried-then-ok does not apply (retries-exhausted does: attempt 1 of 1), nor do the
      // timeouts it does not set; the worker-crash kinds do not apply before the declined order's recorded failure
      expect(check.out, check.out).to.match(/80 scenarios in 2 histories: 43 compensated, 37 not-applicable/);
    }
    expect(readFileSync(join(reports, 'a.json'), 'utf8')).to.equal(readFileSync(join(reports, 'b.json'), 'utf8'));
  });

  it('replay and spec --infer take --data-converter as check does (the same engine flag)', async () => {
    const declined = readdirSync(corpus).find((name) => name.includes('declined') && !name.endsWith('.faults.json'))!;
    const history = join(corpus, declined);
    const decoded = await cli('replay', '--workflows', WORKFLOWS, '--history', history, '--data-converter', CODEC);
    expect(decoded.code, decoded.out + decoded.err).to.equal(0);
    expect(decoded.out).to.include('replays without error');
    const encrypted = await cli('replay', '--workflows', WORKFLOWS, '--history', history);
    expect(encrypted.code, 'without the codec the workflow cannot read its input').to.not.equal(0);
    const out = join(newDir(), 'captureSaga.saga.json');
    const spec = await cli(
      'spec',
      '--infer',
      '--workflows',
      WORKFLOWS,
      '--histories',
      corpus,
      '--data-converter',
      CODEC,
      '--out',
      out,
    );
    expect(spec.code, spec.out + spec.err).to.equal(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).workflowType).to.equal('captureSaga');
  });

  it('a codec with the wrong key: one line naming the file and the event, exit 2', async () => {
    const check = await cli(
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      corpus,
      '--data-converter',
      'test/fixtures/encrypting-codec/wrong-key.ts',
    );
    expect(check.code).to.equal(2);
    const lines = check.err.split('\n').filter((line) => line.includes('does not decode'));
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(
      /codec-.*-declined\..*\.json: event 1: a payload does not decode with the data converter: payload encrypted with another key$/,
    );
  });

  it('capture --data-converter --redact writes decoded, redacted histories that check exit 0 without the codec', async () => {
    const out = newDir();
    const address = env.connection.options.address;
    const capture = await cli(
      'capture',
      '--address',
      address,
      '--query',
      `WorkflowId STARTS_WITH '${PREFIX}'`,
      '--data-converter',
      CODEC,
      '--redact',
      '--out',
      out,
    );
    expect(capture.code, capture.err).to.equal(0);
    const files = readdirSync(out)
      .filter((name) => name !== REDACT_KEY_FILE)
      .map((name) => join(out, name));
    expect(files).to.have.length(2);
    for (const file of files) {
      expect(payloads(file).map(([encoding]) => encoding)).to.not.include('binary/encrypted');
      // failure messages are not encrypted by a codec: --redact hashes them too
      expect(
        payloads(file)
          .map(([, data]) => data)
          .join('\n') + readFileSync(file, 'utf8'),
      ).to.not.include(EMAIL);
    }
    expect((await cli('check', '--workflows', WORKFLOWS, '--histories', out, '--update')).code).to.equal(0);
    expect((await cli('check', '--workflows', WORKFLOWS, '--histories', out)).code).to.equal(0);
  });
});
