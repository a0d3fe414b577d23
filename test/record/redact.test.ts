import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { loadHistoryFile } from '../../src/load/load';
import { redactHistory } from '../../src/record/redact';
import { activitySteps } from '../../src/steps/steps';
import type { History, Payload } from '../../src/history/events';

const CORPUS = 'histories/tenant-provisioning';
const HAPPY = `${CORPUS}/happy.json`;
const WITH_NULLS = `${CORPUS}/real-failure-createOwnerMembership.json`;
const REDACTED = /^redacted:[0-9a-f]{16}$/;
/** A fixed key: the hashes in these tests are the same on every run. */
const OPTIONS = { key: Buffer.from('00112233445566778899aabbccddeeff', 'hex') };
const decoder = new TextDecoder();
const encoder = new TextEncoder();

type Path = Array<string | number>;

interface RawPayload {
  path: Path;
  encoding: string;
  /** The decoded data, '' when the file has none. */
  text: string;
}

/** Every payload in the raw file (base64 JSON, not read through the loader): its path, encoding and text. */
function rawPayloads(file: string): RawPayload[] {
  const found: RawPayload[] = [];
  const walk = (value: unknown, path: Path): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, [...path, i]));
    if (value === null || typeof value !== 'object') return;
    const candidate = value as { metadata?: { encoding?: unknown }; data?: unknown };
    if (candidate.metadata && typeof candidate.metadata.encoding === 'string') {
      found.push({
        path,
        encoding: Buffer.from(candidate.metadata.encoding, 'base64').toString('utf8'),
        text: typeof candidate.data === 'string' ? Buffer.from(candidate.data, 'base64').toString('utf8') : '',
      });
      return;
    }
    for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')), []);
  return found;
}

function at(root: unknown, path: Path): Payload {
  let value = root as Record<string | number, unknown>;
  for (const key of path) {
    if (value == null) throw new Error(`nothing at ${path.join('.')}`);
    value = value[key] as Record<string | number, unknown>;
  }
  if (value == null) throw new Error(`nothing at ${path.join('.')}`);
  return value as Payload;
}

function encodingOf(payload: Payload): string {
  return decoder.decode(payload.metadata!.encoding!);
}

function dataOf(payload: Payload): string {
  return payload.data ? decoder.decode(payload.data) : '';
}

/** Every payload-shaped object (metadata.encoding as bytes) in a loaded or redacted history. */
function payloadsIn(history: History): Payload[] {
  const found: Payload[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    const candidate = value as Payload;
    if (candidate.metadata?.encoding instanceof Uint8Array) {
      found.push(candidate);
      return;
    }
    Object.values(value).forEach(walk);
  };
  walk(history);
  return found;
}

/**
 * Walks an original JSON value and its redaction side by side: same shape and keys, numbers,
 * booleans and nulls equal, each string replaced. Records string → replacement in `mapping`.
 */
function compareRedacted(original: unknown, redacted: unknown, where: string, mapping: Map<string, Set<string>>): void {
  if (typeof original === 'string') {
    expect(redacted, where).to.be.a('string').and.match(REDACTED);
    if (!mapping.has(original)) mapping.set(original, new Set());
    mapping.get(original)!.add(redacted as string);
    return;
  }
  if (Array.isArray(original)) {
    expect(redacted, where).to.be.an('array').with.length(original.length);
    original.forEach((item, i) => compareRedacted(item, (redacted as unknown[])[i], `${where}[${i}]`, mapping));
    return;
  }
  if (original !== null && typeof original === 'object') {
    expect(redacted, where).to.be.an('object');
    expect(Object.keys(redacted as object), `${where}: keys`).to.deep.equal(Object.keys(original));
    for (const [key, inner] of Object.entries(original))
      compareRedacted(inner, (redacted as Record<string, unknown>)[key], `${where}.${key}`, mapping);
    return;
  }
  expect(redacted, where).to.equal(original); // number, boolean, null
}

describe('redactHistory', () => {
  describe('on happy.json', () => {
    const raw = rawPayloads(HAPPY);
    const jsonPayloads = raw.filter((p) => p.encoding === 'json/plain');
    const redacted = redactHistory(loadHistoryFile(HAPPY).history, OPTIONS);
    const mapping = new Map<string, Set<string>>();

    before(() => {
      for (const payload of jsonPayloads) {
        const after = at(redacted, payload.path);
        expect(encodingOf(after), payload.path.join('.')).to.equal('json/plain');
        compareRedacted(JSON.parse(payload.text), JSON.parse(dataOf(after)), payload.path.join('.'), mapping);
      }
    });

    it('the file has the json/plain payloads the test relies on (sanity check)', () => {
      expect(raw).to.have.length(14);
      expect(jsonPayloads).to.have.length(14);
      const acme = jsonPayloads.filter((p) => (JSON.parse(p.text) as { tenantId?: string }).tenantId === 'acme');
      expect(acme.length).to.be.at.least(8);
      expect(jsonPayloads.some((p) => p.text.includes('user-ada'))).to.equal(true);
      expect(jsonPayloads.some((p) => /"settings":4/.test(p.text))).to.equal(true);
    });

    it('every string in every json/plain payload becomes redacted:<16 hex>, keys, numbers and shape stay', () => {
      // compareRedacted ran on all 14 payloads in before(); here: it found the strings it should have
      expect([...mapping.keys()].sort()).to.deep.equal(
        ['acme', 'audit_events', 'owner', 'projects', 'team', 'tenant_acme', 'user-ada'].sort(),
      );
    });

    it('the same string maps to the same value everywhere (acme in every payload that has it)', () => {
      for (const [original, replacements] of mapping) expect([...replacements], original).to.have.length(1);
      const acmeValues = jsonPayloads
        .filter((p) => (JSON.parse(p.text) as { tenantId?: string }).tenantId === 'acme')
        .map((p) => (JSON.parse(dataOf(at(redacted, p.path))) as { tenantId: string }).tenantId);
      expect(acmeValues.length).to.be.at.least(8);
      expect(new Set(acmeValues).size, acmeValues.join(', ')).to.equal(1);
      expect(acmeValues[0]).to.match(REDACTED);
    });

    it('different strings map to different values', () => {
      const outputs = [...mapping.values()].map((s) => [...s][0]);
      expect(new Set(outputs).size).to.equal(mapping.size);
    });

    it('numbers stay numbers with their value', () => {
      const settings = jsonPayloads.find((p) => p.text === '{"settings":4}')!;
      expect(dataOf(at(redacted, settings.path))).to.equal('{"settings":4}');
      const outbox = jsonPayloads.find((p) => /"outboxId"/.test(p.text))!;
      expect(JSON.parse(dataOf(at(redacted, outbox.path)))).to.deep.equal(JSON.parse(outbox.text));
    });

    it('the same string maps to the same value in another history and another call', () => {
      const again = redactHistory(loadHistoryFile(WITH_NULLS).history, OPTIONS);
      const input = (h: History) =>
        JSON.parse(dataOf(h.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0])) as Record<
          string,
          string
        >;
      expect(input(again)).to.deep.equal(input(redacted));
      expect(input(again).tenantId).to.equal([...mapping.get('acme')!][0]);
    });

    it('no payload contains acme or user-ada when decoded', () => {
      const payloads = payloadsIn(redacted);
      expect(payloads).to.have.length(14);
      for (const payload of payloads) {
        const text = dataOf(payload);
        expect(text).to.not.include('acme');
        expect(text).to.not.include('user-ada');
      }
    });

    it('the history file written from it loads again with its steps intact', () => {
      const dir = mkdtempSync(join(tmpdir(), 'redact-'));
      try {
        const file = join(dir, 'happy.redacted.json');
        writeFileSync(file, historyToJSON(redacted) + '\n');
        const text = readFileSync(file, 'utf8');
        for (const p of rawPayloads(file)) {
          expect(p.text).to.not.include('acme');
          expect(p.text).to.not.include('user-ada');
        }
        expect(text).to.include('"eventId": "41"');
        const reloaded = loadHistoryFile(file);
        expect(reloaded.events).to.have.length(41);
        expect(
          activitySteps(reloaded.events).map((s) => [s.activityType, s.scheduledEventId, s.closeEventId]),
        ).to.deep.equal([
          ['createTenantRecord', 5, 7],
          ['createTenantSchema', 11, 13],
          ['applyTenantMigrations', 17, 19],
          ['createOwnerMembership', 23, 25],
          ['seedDefaultSettings', 29, 31],
          ['sendWelcomeEmail', 35, 37],
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('does not mutate the history it is given', () => {
    const input = loadHistoryFile(HAPPY).history;
    const firstData = input.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0].data!;
    const before = Buffer.from(firstData).toString('hex');
    redactHistory(input, OPTIONS);
    expect(input).to.deep.equal(loadHistoryFile(HAPPY).history);
    expect(Buffer.from(firstData).toString('hex')).to.equal(before);
    expect(decoder.decode(firstData)).to.include('acme');
  });

  it('does not mutate a history with binary/null payloads either', () => {
    const input = loadHistoryFile(WITH_NULLS).history;
    redactHistory(input, OPTIONS);
    expect(input).to.deep.equal(loadHistoryFile(WITH_NULLS).history);
  });

  it('leaves binary/null payloads as they are', () => {
    const nulls = rawPayloads(WITH_NULLS).filter((p) => p.encoding === 'binary/null');
    expect(nulls, 'the file has binary/null payloads (sanity check)').to.have.length(4);
    const original = loadHistoryFile(WITH_NULLS).history;
    const redacted = redactHistory(loadHistoryFile(WITH_NULLS).history, OPTIONS);
    for (const p of nulls) {
      const after = at(redacted, p.path);
      expect(encodingOf(after), p.path.join('.')).to.equal('binary/null');
      expect(dataOf(after), p.path.join('.')).to.equal('');
      expect(after, p.path.join('.')).to.deep.equal(at(original, p.path));
    }
  });

  it('leaves a binary/null payload untouched also when it carries an explicit empty data field', () => {
    const history = loadHistoryFile(HAPPY).history;
    const nullPayload: Payload = { metadata: { encoding: encoder.encode('binary/null') }, data: new Uint8Array(0) };
    history.events![6].activityTaskCompletedEventAttributes!.result!.payloads![0] = nullPayload;
    const after = redactHistory(history, OPTIONS).events![6].activityTaskCompletedEventAttributes!.result!.payloads![0];
    expect(encodingOf(after)).to.equal('binary/null');
    expect(after.data).to.have.length(0);
    expect(after).to.deep.equal({ metadata: { encoding: encoder.encode('binary/null') }, data: new Uint8Array(0) });
  });

  describe('on the decoded protobuf form (what a recorder gets from fetchHistory)', () => {
    /** Encoded and decoded again: message instances, unset fields (an empty `data`) read from the prototype. */
    function decoded(file: string): History {
      const loaded = loadHistoryFile(file).history;
      return temporal.api.history.v1.History.decode(temporal.api.history.v1.History.encode(loaded).finish());
    }

    it('leaves binary/null payloads binary/null', () => {
      const nulls = rawPayloads(WITH_NULLS).filter((p) => p.encoding === 'binary/null');
      expect(nulls).to.have.length(4);
      const redacted = redactHistory(decoded(WITH_NULLS), OPTIONS);
      for (const p of nulls) {
        const after = at(redacted, p.path);
        expect(encodingOf(after), p.path.join('.')).to.equal('binary/null');
        expect(dataOf(after), p.path.join('.')).to.equal('');
      }
    });

    it('gives the same history file as the JSON-loaded form', () => {
      for (const file of [HAPPY, WITH_NULLS]) {
        const fromDecoded = historyToJSON(redactHistory(decoded(file), OPTIONS));
        expect(fromDecoded, file).to.equal(historyToJSON(redactHistory(loadHistoryFile(file).history, OPTIONS)));
        for (const payload of payloadsIn(redactHistory(decoded(file), OPTIONS)))
          expect(dataOf(payload), file).to.not.match(/acme|user-ada/);
      }
    });
  });

  it('turns a payload in another encoding into the JSON string "redacted" with encoding json/plain', () => {
    const history = loadHistoryFile(HAPPY).history;
    const payloads = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    payloads[0] = {
      metadata: { encoding: encoder.encode('binary/plain') },
      data: encoder.encode('acme owner user-ada'),
    };
    const protobufPayload = {
      metadata: { encoding: encoder.encode('json/protobuf'), messageType: encoder.encode('acme.Tenant') },
      data: encoder.encode('{"tenantId":"acme"}'),
    };
    history.events![4].activityTaskScheduledEventAttributes!.input!.payloads![0] = protobufPayload;

    const redacted = redactHistory(history, OPTIONS);
    const first = redacted.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    expect(encodingOf(first)).to.equal('json/plain');
    expect(dataOf(first)).to.equal('"redacted"');
    expect(JSON.parse(dataOf(first))).to.equal('redacted');
    const second = redacted.events![4].activityTaskScheduledEventAttributes!.input!.payloads![0];
    expect(encodingOf(second)).to.equal('json/plain');
    expect(dataOf(second)).to.equal('"redacted"');
    // the given payloads are untouched
    expect(decoder.decode(payloads[0].data!)).to.equal('acme owner user-ada');
    expect(decoder.decode(protobufPayload.metadata.encoding)).to.equal('json/protobuf');
  });

  it('redacts strings nested in arrays and objects, keeps null and booleans, keeps keys', () => {
    const history = loadHistoryFile(HAPPY).history;
    const value = {
      name: 'acme',
      tags: ['a', 'acme', 3, true, null],
      nested: { flag: false, n: 0, s: '', deep: [{ k: 'user-ada' }] },
    };
    history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0] = {
      metadata: { encoding: encoder.encode('json/plain') },
      data: encoder.encode(JSON.stringify(value)),
    };
    const redacted = redactHistory(history, OPTIONS);
    const out = JSON.parse(
      dataOf(redacted.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0]),
    ) as typeof value;
    expect(Object.keys(out)).to.deep.equal(['name', 'tags', 'nested']);
    expect(out.name).to.match(REDACTED);
    expect(out.tags[1]).to.equal(out.name);
    expect(out.tags[0]).to.match(REDACTED).and.not.equal(out.name);
    expect(out.tags.slice(2)).to.deep.equal([3, true, null]);
    expect(out.nested.flag).to.equal(false);
    expect(out.nested.n).to.equal(0);
    expect(out.nested.s).to.match(REDACTED); // the empty string is a string too
    expect(out.nested.deep[0].k).to.match(REDACTED);
    // the tenant id in this payload maps to the same value as in the recorded payloads of the same history
    const recordedTenant = JSON.parse(
      dataOf(redacted.events![4].activityTaskScheduledEventAttributes!.input!.payloads![0]),
    ) as {
      tenantId: string;
    };
    expect(recordedTenant.tenantId).to.equal(out.name);
  });
});

describe('redactHistory on failures', () => {
  const FAILED = `${CORPUS}/real-failure-createTenantSchema.json`;
  const original = readFileSync(FAILED, 'utf8');
  const redacted = redactHistory(loadHistoryFile(FAILED).history, OPTIONS);

  /** Every failure object (it has a message) in a history: the outer ActivityFailure and its causes. */
  function failuresIn(value: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
    if (Array.isArray(value)) value.forEach((v) => failuresIn(v, found));
    else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      if (Object.keys(value).some((key) => key.endsWith('FailureInfo'))) found.push(value as Record<string, unknown>);
      Object.values(value).forEach((v) => failuresIn(v, found));
    }
    return found;
  }

  it('the file has failures with messages and stack traces (sanity check)', () => {
    expect(original).to.include('injected failure in createTenantSchema');
    expect(original).to.include('"stackTrace": "ApplicationFailure: injected failure');
  });

  it('every failure message and stack trace becomes redacted:<16 hex>; the failure type and cause chain stay', () => {
    const failures = failuresIn(redacted);
    expect(failures.length).to.be.at.least(3);
    for (const failure of failures) {
      expect(failure.message, JSON.stringify(failure).slice(0, 200)).to.match(REDACTED);
      if (failure.stackTrace !== undefined) expect(failure.stackTrace).to.match(REDACTED);
    }
    const activityFailed = redacted.events!.find((e) => e.activityTaskFailedEventAttributes)!
      .activityTaskFailedEventAttributes!.failure!;
    expect(activityFailed.applicationFailureInfo?.type).to.equal('InjectedFailure');
    const workflowFailed = redacted.events!.find((e) => e.workflowExecutionFailedEventAttributes)!
      .workflowExecutionFailedEventAttributes!.failure!;
    expect(workflowFailed.activityFailureInfo?.activityType?.name).to.equal('createTenantSchema');
    expect(workflowFailed.cause?.applicationFailureInfo?.type).to.equal('InjectedFailure');
    // the same message hashes the same wherever it appears
    expect(workflowFailed.cause?.message).to.equal(activityFailed.message);
  });

  it('the written file holds none of the original failure text', () => {
    const text = historyToJSON(redacted);
    expect(text).to.not.include('injected failure');
    expect(text).to.not.include('record.ts');
    expect(text).to.not.include('Activity task failed');
  });
});
