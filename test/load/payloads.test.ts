import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { payloadConverter as teamConverter } from '../fixtures/payload-converter/converter';

const HAPPY = 'histories/tenant-provisioning/happy.json';
const UNKNOWN_IN_RESULT = 'test/fixtures/malformed/payload-unknown-encoding.json'; // event 7's result: msgpack/plain

/** A team converter that reads msgpack/plain (here: as text) and defers everything else to the default. */
const msgpackConverter: PayloadConverter = {
  toPayload: (value) => defaultPayloadConverter.toPayload(value),
  fromPayload<T>(payload: Payload): T {
    const encoding = Buffer.from(payload.metadata?.encoding ?? []).toString();
    return (
      encoding === 'msgpack/plain'
        ? Buffer.from(payload.data ?? []).toString()
        : defaultPayloadConverter.fromPayload(payload)
    ) as T;
  },
};

const refusing: PayloadConverter = {
  toPayload: (value) => defaultPayloadConverter.toPayload(value),
  fromPayload: () => {
    throw new Error('this converter reads nothing\n    at somewhere (x.ts:1:1)');
  },
};

describe('payloads are checked as the replayed workflow will decode them', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fault-replay-payloads-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an encoding the default converter does not know, in a payload the workflow reads: a problem without a converter', () => {
    expect(() => loadHistoryFile(UNKNOWN_IN_RESULT)).to.throw(
      'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: unknown encoding "msgpack/plain"',
    );
  });

  it('... and no problem when the team converter reads it', () => {
    expect(loadHistoryFile(UNKNOWN_IN_RESULT, { payloadConverter: msgpackConverter }).events).to.have.length(41);
  });

  it('a team converter that cannot decode a payload the workflow reads: one line with its own error, first line only', () => {
    let message = '';
    try {
      loadHistoryFile(HAPPY, { payloadConverter: refusing });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal(
      `${HAPPY}: event 1: payload workflowExecutionStartedEventAttributes.input.payloads[0]: does not decode with the given payload converter: this converter reads nothing`,
    );
  });

  it('the team converter of the payload-converter test reads the whole corpus history', () => {
    expect(loadHistoryFile(HAPPY, { payloadConverter: teamConverter }).workflowType).to.equal('provisionTenant');
  });

  it('a payload only the workflow wrote (an activity input) may carry an encoding the default converter does not know', () => {
    const json = JSON.parse(readFileSync(HAPPY, 'utf8'));
    const scheduled = json.events[4].activityTaskScheduledEventAttributes;
    scheduled.input.payloads[0].metadata.encoding = Buffer.from('msgpack/plain').toString('base64');
    const file = join(dir, 'outbound.json');
    writeFileSync(file, JSON.stringify(json));
    expect(loadHistoryFile(file).events).to.have.length(41);
  });

  it('but json/plain data that is not JSON is damage wherever it is (an activity input)', () => {
    expect(() => loadHistoryFile('test/fixtures/malformed/payload-json-invalid.json')).to.throw(
      'event 5: payload activityTaskScheduledEventAttributes.input.payloads[0]: json/plain data does not decode',
    );
  });
});
