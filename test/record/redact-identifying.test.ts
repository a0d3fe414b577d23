import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { isRedacted, redactHistory, redactionKey, REDACT_KEY_FILE, type RedactOptions } from '../../src/record/redact';
import type { History } from '../../src/history/events';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const KEY: RedactOptions = { key: Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex') };
const EXTERNAL = join(ROOT, 'test/fixtures/external-commands/histories/ABANDON-failure-doStep.json');
const HAPPY = join(ROOT, 'histories/tenant-provisioning/happy.json');

/** Every string value of these fields anywhere in a JSON history file. */
function valuesOf(file: string, fields: string[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value)) return value.forEach((inner) => walk(inner, key));
    if (value !== null && typeof value === 'object')
      return Object.entries(value).forEach(([inner, item]) => walk(item, inner));
    if (typeof value === 'string' && value !== '' && fields.includes(key)) found.add(value);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')), '');
  return [...found];
}

const redactedText = (history: History, options = KEY) => historyToJSON(redactHistory(history, options));
const payloadTexts = (json: string) =>
  [...json.matchAll(/"data": "([^"]*)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));

/** Issue 30, item 8: what --redact left behind, each now gone (or kept by a documented rule). */
describe('--redact hashes every identifying field, with a key', () => {
  it('workflow ids (own, child, external), identities (host names), task queues (the sticky one names the host), failure sources: none left', () => {
    const originals = valuesOf(EXTERNAL, ['workflowId', 'identity', 'normalName', 'source']);
    const queues = valuesOf(EXTERNAL, ['name']).filter((name) => name.includes('@') || name === 'external-commands');
    expect(originals).to.include.members([
      'external-ABANDON-failure-doStep',
      'external-ABANDON-failure-doStep-hold',
      'ledger-of-record',
      '27937@vm',
      'TypeScriptSDK',
    ]);
    expect(queues.length).to.be.greaterThan(1);
    const text = redactedText(loadHistoryFile(EXTERNAL).history);
    for (const original of [...originals, ...queues]) expect(text, original).not.to.include(`"${original}"`);
    expect(text).not.to.include('@vm');
  });

  it('keyed: another key gives other hashes; the same key the same hash in every file; no hash is the unkeyed SHA-256 a guess could be checked against', () => {
    const one = redactedText(loadHistoryFile(HAPPY).history);
    const other = redactedText(loadHistoryFile(HAPPY).history, {
      key: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'),
    });
    const hashes = (text: string) =>
      new Set(
        [
          ...payloadTexts(text)
            .join('\n')
            .matchAll(/redacted:([0-9a-f]{16})/g),
        ].map((m) => m[1]),
      );
    const acme = [...hashes(one)];
    expect(acme.length).to.be.greaterThan(0);
    expect([...hashes(other)].filter((h) => hashes(one).has(h))).to.deep.equal([]);
    const failed = redactedText(
      loadHistoryFile(join(ROOT, 'histories/tenant-provisioning/real-failure-createTenantSchema.json')).history,
    );
    expect(
      [...hashes(failed)].some((h) => hashes(one).has(h)),
      'acme hashes the same in two files',
    ).to.equal(true);
    const unkeyed = createHash('sha256').update('acme').digest('hex');
    expect(one).not.to.include(unkeyed.slice(0, 12));
  });

  it('a failure with a message only (no stack trace, no failure info) loses its message too', () => {
    const history = loadHistoryFile(
      join(ROOT, 'histories/tenant-provisioning/real-failure-createTenantSchema.json'),
    ).history;
    const failure = history.events!.find((e) => e.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!
      .failure!;
    const bare = { message: 'card 4111 1111 1111 1111 declined for alice@example.com' };
    for (const key of Object.keys(failure)) delete (failure as Record<string, unknown>)[key];
    Object.assign(failure, bare);
    expect(redactedText(history)).not.to.include('alice@example.com');
  });

  it('activity ids, timer ids and signal names: hashed unless names from code or sequence numbers (which the replay needs)', () => {
    const history = loadHistoryFile(EXTERNAL).history;
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
    scheduled[0].activityTaskScheduledEventAttributes!.activityId = 'charge-order-8812-alice';
    const text = redactedText(history);
    expect(text).not.to.include('charge-order-8812-alice');
    expect(text).to.include(`"activityId": "${scheduled[1].activityTaskScheduledEventAttributes!.activityId}"`);
    expect(text).to.include('"signalName": "settle"');
    const names = redactedText(loadHistoryFile(EXTERNAL).history, { ...KEY, names: true });
    for (const name of ['"settle"', '"doStep"', '"externalSaga"', '"activityId": "1"'])
      expect(names, name).not.to.include(name);
  });

  it('numbers and object keys in payloads: kept by default, hashed with --redact-numbers / --redact-keys', () => {
    const history = loadHistoryFile(HAPPY).history;
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    input.data = new TextEncoder().encode(JSON.stringify({ tenantId: 'acme', card: 4111111111111111, cvv: 737 }));
    const plain = payloadTexts(redactedText(history))[0];
    expect(plain).to.include('4111111111111111');
    const numbers = payloadTexts(redactedText(history, { ...KEY, numbers: true }))[0];
    expect(numbers).not.to.include('4111111111111111');
    expect(JSON.parse(numbers).card).to.be.a('number');
    const keys = payloadTexts(redactedText(history, { ...KEY, keys: true }))[0];
    expect(Object.keys(JSON.parse(keys)).some((key) => /tenantId|card|cvv/.test(key))).to.equal(false);
  });

  it('the key: made once beside the output (mode 0600) and read again next time; a given file is used; a damaged one is refused', () => {
    const dir = scratchDir('redact-key-');
    try {
      const made = redactionKey(join(dir, 'captured'));
      expect(made.created).to.equal(true);
      expect(made.file).to.equal(join(dir, 'captured', REDACT_KEY_FILE));
      expect(statSync(made.file).mode & 0o777).to.equal(0o600);
      expect(redactionKey(join(dir, 'captured'))).to.deep.include({ created: false, key: made.key });
      writeFileSync(join(dir, 'bad.key'), 'not hex');
      expect(() => redactionKey(dir, join(dir, 'bad.key'))).to.throw(`${join(dir, 'bad.key')}: not a redaction key`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a redacted history says so (its task queue is a hash)', () => {
    expect(isRedacted(redactHistory(loadHistoryFile(HAPPY).history, KEY))).to.equal(true);
    expect(isRedacted(loadHistoryFile(HAPPY).history)).to.equal(false);
  });
});

describe('check on a redacted history whose path depends on a hashed value: a problem line, not a verdict (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = scratchDir('redact-path-');
    // The trip is rejected by the signal's value 'reject'; hashed, the workflow no longer sees 'reject'.
    const rejected = loadHistoryFile(join(ROOT, 'test/fixtures/approval-wait/rejected.json')).history;
    writeFileSync(join(dir, 'rejected.json'), historyToJSON(redactHistory(rejected, KEY)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('one line naming the file and that redaction changed the path; no nondeterministic verdict, no exit 1', () => {
    const run = faultReplay([
      'check',
      '--workflows',
      'test/fixtures/approval-wait/workflows.ts',
      '--histories',
      dir,
      '--faults',
      'activity-failed',
      '--workers',
      '1',
    ]);
    expect(run.status, run.stdout + run.stderr).to.equal(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      new RegExp(
        `^fault-replay: ${join(dir, 'rejected.json')}: redacted \\(--redact\\), and redaction changed the path the workflow takes: its recorded path does not replay with the hashed values \\(.+\\); capture it without --redact`,
      ),
    );
    expect(run.stdout).not.to.include('nondeterministic');
    expect(existsSync(join(dir, 'rejected.faults.json'))).to.equal(false);
  });
});
