// Histories an attacker or an accident could hand the tool: bombs, names that are not names, executions still open.
import { gzipSync } from 'node:zlib';
import type { MalformedCase } from './case';
import { binary, clone, editEvent, gzip, JsonHistory, pretty, recorded } from './edit';

const happy = recorded('happy');
const failed = recorded('real-failure-createOwnerMembership');
const MIB = 1024 * 1024;

/** happy.json with `mib` MiB of blanks inside its JSON (valid, and that large once unpacked). */
function padded(mib: number): Buffer {
  const at = happy.raw.indexOf('"events"');
  return Buffer.concat([
    Buffer.from(happy.raw.slice(0, at)),
    Buffer.alloc(mib * MIB, 0x20),
    Buffer.from(happy.raw.slice(at)),
  ]);
}

const layers = (bytes: Buffer, count: number): Buffer => (count === 0 ? bytes : layers(gzip(bytes), count - 1));

/** A recorded history's first `count` events: the execution as a capture taken while it ran would hold it. */
const cut = (history: { json: JsonHistory }, count: number): string =>
  pretty({ events: clone(history.json.events.slice(0, count)) });

const workflowType = (name: string) => () =>
  editEvent(happy, 1, (e) => (e.workflowExecutionStartedEventAttributes.workflowType.name = name));

export const HOSTILE_CASES: MalformedCase[] = [
  {
    file: 'bomb-one-layer.json.gz',
    what: 'happy.json with 100 MiB of blanks inside, gzipped (about 100 KiB)',
    make: () => layers(padded(100), 1),
  },
  { file: 'bomb-two-layers.json.gz', what: 'the same bomb gzipped twice', make: () => layers(padded(100), 2) },
  { file: 'bomb-three-layers.json.gz', what: 'the same bomb gzipped three times', make: () => layers(padded(100), 3) },
  {
    file: 'bomb-named-json.json',
    what: 'the one-layer bomb under a plain .json name',
    make: () => layers(padded(100), 1),
  },
  { file: 'bomb-binary.bin', what: 'the one-layer bomb under a .bin name', make: () => layers(padded(100), 1) },
  {
    file: 'gzip-four-layers.json.gz',
    what: 'happy.json gzipped four times',
    make: () => layers(Buffer.from(happy.raw), 4),
  },
  {
    file: 'layers-add-up.json.gz',
    what: 'happy.json with 40 MiB of blanks, stored uncompressed in gzip, gzipped again: 80 MiB unpacked in all',
    make: () => gzip(gzipSync(padded(40), { level: 0 })),
  },
  {
    file: 'workflow-type-constructor.json',
    what: 'workflow type "constructor" (Object\'s own method, not an export)',
    make: workflowType('constructor'),
  },
  { file: 'workflow-type-proto.json', what: 'workflow type "__proto__"', make: workflowType('__proto__') },
  { file: 'workflow-type-tostring.json', what: 'workflow type "toString"', make: workflowType('toString') },
  { file: 'workflow-type-valueof.json', what: 'workflow type "valueOf"', make: workflowType('valueOf') },
  {
    file: 'workflow-type-hasownproperty.json',
    what: 'workflow type "hasOwnProperty"',
    make: workflowType('hasOwnProperty'),
  },
  {
    file: 'workflow-type-workflow-command.json',
    what: 'workflow type "provisionTenant\\n::set-output name=pwned::yes"',
    make: workflowType('provisionTenant\n::set-output name=pwned::yes'),
  },
  {
    file: 'workflow-type-ansi.json',
    what: 'workflow type holding ESC sequences that clear a terminal and colour it',
    make: workflowType('\x1b[2J\x1b[31mprovisionTenant\x1b[0m'),
  },
  {
    file: 'workflow-type-path.json',
    what: 'workflow type "../../../../etc/passwd" (its spec would be looked up outside the folder)',
    make: workflowType('../../../../etc/passwd'),
  },
  {
    file: 'workflow-type-markup.json',
    what: 'workflow type "<img src=x onerror=alert(1)>"',
    make: workflowType('<img src=x onerror=alert(1)>'),
  },
  {
    file: 'workflow-type-long.json',
    what: 'workflow type of 10,000 characters',
    make: workflowType('provisionTenant'.repeat(667).slice(0, 10_000)),
  },
  {
    file: 'open-after-step-4.json',
    what: 'happy.json cut after the task that followed step 4 (captured while running)',
    make: () => cut(happy, 28),
  },
  {
    file: 'open-activity-scheduled.json',
    what: 'happy.json cut right after step 3 was scheduled',
    make: () => cut(happy, 17),
  },
  {
    file: 'open-task-started.json',
    what: 'real-failure-createOwnerMembership.json cut in the task that starts the rollback',
    make: () => cut(failed, 27),
  },
  {
    file: 'open-mid-rollback.json',
    what: 'real-failure-createOwnerMembership.json cut after the first undo completed',
    make: () => cut(failed, 34),
  },
  { file: 'open-only-started.json', what: "happy.json's first event alone", make: () => cut(happy, 1) },
  {
    file: 'open-binary.pb',
    what: 'binary protobuf of happy.json cut after step 2',
    make: () => binary({ events: clone(happy.json.events.slice(0, 16)) }),
  },
  { file: 'open-gzipped.json.gz', what: 'gzip of happy.json cut after step 5', make: () => gzip(cut(happy, 34)) },
];
