// Files that are not a readable history at all: empty, not JSON, cut short, damaged packing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MalformedCase } from './case';
import { binary, clone, CORPUS, gzip, pretty, recorded, seededBytes, utf16 } from './edit';

const happy = recorded('happy');
const half = <T extends string | Buffer>(bytes: T): T => bytes.slice(0, Math.floor(bytes.length / 2)) as T;

export const BYTE_CASES: MalformedCase[] = [
  { file: 'empty.json', what: 'a zero-byte file', make: () => '' },
  { file: 'whitespace-only.json', what: 'only blank lines', make: () => '\n  \n\t\n' },
  {
    file: 'yaml-not-json.json',
    what: 'YAML-ish text, not JSON',
    make: () => 'events:\n  - eventId: 1\n    eventType: WorkflowExecutionStarted\n',
  },
  { file: 'truncated.json', what: 'the first half of happy.json', make: () => half(happy.raw) },
  { file: 'trailing-garbage.json', what: 'happy.json followed by a stray line', make: () => `${happy.raw}}\n` },
  { file: 'json-null.json', what: 'the JSON value null', make: () => 'null\n' },
  { file: 'json-number.json', what: 'a JSON number', make: () => '42\n' },
  { file: 'json-string.json', what: 'a JSON string', make: () => '"histories/tenant-provisioning/happy.json"\n' },
  {
    file: 'golden-given-as-history.json',
    what: 'a golden file (happy.faults.json) under a history name',
    make: () => readFileSync(join(CORPUS, 'happy.faults.json')),
  },
  {
    file: 'events-not-array.json',
    what: '"events" is an object',
    make: () => pretty({ events: { ...happy.json.events } }),
  },
  { file: 'events-empty.json', what: 'an empty events array', make: () => pretty({ events: [] }) },
  { file: 'array-empty.json', what: 'an empty top-level array', make: () => '[]\n' },
  { file: 'history-wrapper-empty.json', what: '{"history": {}} with no events', make: () => pretty({ history: {} }) },
  {
    file: 'event-null.json',
    what: 'the fourth event is null',
    make: () => {
      const copy = clone(happy.json) as { events: unknown[] };
      copy.events[3] = null;
      return pretty(copy);
    },
  },
  {
    file: 'event-string.json',
    what: 'the fourth event is a string',
    make: () => {
      const copy = clone(happy.json) as { events: unknown[] };
      copy.events[3] = 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED';
      return pretty(copy);
    },
  },
  {
    file: 'invalid-utf8.json',
    what: 'a byte 0xFF inside a string of happy.json',
    make: () => {
      const bytes = Buffer.from(happy.raw);
      const at = happy.raw.indexOf('provisionTenant');
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
    },
  },
  { file: 'bom-then-yaml.json', what: 'a UTF-8 BOM, then YAML', make: () => `\ufeffevents: []\n` },
  {
    file: 'utf16le-truncated.json',
    what: 'UTF-16 LE with BOM, cut after half its text',
    make: () => utf16(half(happy.raw), 'le'),
  },
  {
    file: 'utf16be-odd-bytes.json',
    what: 'UTF-16 BE with BOM, one byte short',
    make: () => {
      const bytes = utf16(happy.raw, 'be');
      return bytes.subarray(0, bytes.length - 1);
    },
  },
  {
    file: 'gzip-truncated.json',
    what: 'gzip of happy.json, cut in half (named .json)',
    make: () => half(gzip(happy.raw)),
  },
  {
    file: 'gzip-bad-checksum.json.gz',
    what: 'gzip of happy.json with its CRC flipped',
    make: () => {
      const bytes = gzip(happy.raw);
      bytes[bytes.length - 8] ^= 0xff;
      return bytes;
    },
  },
  { file: 'gzip-of-empty.json.gz', what: 'gzip of nothing', make: () => gzip('') },
  { file: 'gzip-of-yaml.json.gz', what: 'gzip of YAML text', make: () => gzip('events: []\n') },
  {
    file: 'zip-archive.json',
    what: 'the first bytes of a zip archive',
    make: () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), seededBytes('zip', 60)]),
  },
  { file: 'random-bytes.bin', what: '1 KiB of pseudo-random bytes', make: () => seededBytes('random-bytes', 1024) },
  {
    file: 'binary-truncated.bin',
    what: 'the binary protobuf of happy.json, cut in half',
    make: () => half(binary(happy.json)),
  },
  {
    file: 'binary-truncated.pb.gz',
    what: 'gzip of the binary protobuf, cut in half',
    make: () => half(gzip(binary(happy.json))),
  },
  {
    file: 'binary-unknown-event-type.bin',
    what: 'binary protobuf; event 6 has event type 999',
    make: () => binary(happy.json, (history) => (history.events![5].eventType = 999 as never)),
  },
];
