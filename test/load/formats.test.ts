import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { loadHistories, loadHistoryFile } from '../../src/load/load';
import { runFaultReplay } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';

const HAPPY = 'histories/tenant-provisioning/happy.json';
const ENUM_PREFIXES = ['EVENT_TYPE_', 'TASK_QUEUE_KIND_', 'RETRY_STATE_', 'TIMEOUT_TYPE_', 'WORKFLOW_ID_REUSE_POLICY_'];
const ENUMS = Object.values(temporal.api.enums.v1) as unknown as Array<Record<string, number>>;

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`: the enum form older CLIs and the Web UI write. */
function pascalEnums(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const converted = text.replace(/"([A-Z][A-Z_]+)"/g, (whole, constant: string) => {
    const prefix = ENUM_PREFIXES.find((p) => constant.startsWith(p));
    if (!prefix) return whole;
    replaced++;
    return JSON.stringify(
      constant
        .slice(prefix.length)
        .toLowerCase()
        .replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    );
  });
  return { text: converted, replaced };
}

/** Enum constants as their numbers, as proto3 JSON allows (and some tools write). */
function numericEnums(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const converted = text.replace(/"([A-Z][A-Z0-9_]+)"/g, (whole, constant: string) => {
    const owner = ENUMS.find((values) => typeof values?.[constant] === 'number');
    if (!owner) return whole;
    replaced++;
    return String(owner[constant]);
  });
  return { text: converted, replaced };
}

/** Field names as in the .proto files (`event_id`), which proto3 JSON parsers must accept. */
function snakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCase(item)]),
  );
}

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const bytes = order === 'le' ? le : Buffer.from(le).swap16();
  return bom ? Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]) : bytes;
}

const raw = readFileSync(HAPPY, 'utf8');
const json = JSON.parse(raw) as { events: unknown[] };
const binary = () => Buffer.from(temporal.api.history.v1.History.encode(loadHistoryFile(HAPPY).history).finish());

/** Every form of happy.json a user may have, by file name, with how it was unpacked. */
const FORMS: Record<string, { bytes: () => string | Buffer; format: string }> = {
  'pascal.json': { bytes: () => pascalEnums(raw).text, format: '' },
  'numeric-enums.json': { bytes: () => numericEnums(raw).text, format: '' },
  'snake-case.json': { bytes: () => JSON.stringify(snakeCase(json), null, 2), format: '' },
  'snake-numeric.json': { bytes: () => JSON.stringify(snakeCase(JSON.parse(numericEnums(raw).text))), format: '' },
  'array.json': { bytes: () => JSON.stringify(json.events), format: '' },
  'wrapped.json': {
    bytes: () => JSON.stringify({ history: json, rawHistory: [], nextPageToken: null, archived: false }),
    format: '',
  },
  'newest-first.json': {
    bytes: () => JSON.stringify({ events: [...json.events].reverse() }, null, 2),
    format: 'newest-first, reversed',
  },
  'crlf.json': { bytes: () => raw.replace(/\n/g, '\r\n'), format: '' },
  'bom.json': { bytes: () => `\ufeff${raw}`, format: 'UTF-8 with BOM' },
  'utf16le.json': { bytes: () => utf16(raw, 'le', true), format: 'UTF-16 LE' },
  'utf16be.json': { bytes: () => utf16(raw, 'be', true), format: 'UTF-16 BE' },
  'utf16le-no-bom.json': { bytes: () => utf16(raw, 'le', false), format: 'UTF-16 LE without BOM' },
  'gzipped-named.json': { bytes: () => gzipSync(raw), format: 'gunzip' },
  'gzipped.json.gz': { bytes: () => gzipSync(raw), format: 'gunzip' },
  'binary.bin': { bytes: binary, format: 'binary protobuf' },
  'binary-named.json': { bytes: binary, format: 'binary protobuf' },
  'binary.pb.gz': { bytes: () => gzipSync(binary()), format: 'gunzip, binary protobuf' },
  'everything.json.gz': {
    bytes: () =>
      gzipSync(utf16(JSON.stringify({ history: snakeCase(JSON.parse(numericEnums(raw).text)) }), 'be', true)),
    format: 'gunzip, UTF-16 BE',
  },
};

describe('history formats: every form of a recorded history loads to the same history', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-formats-'));
    for (const [name, form] of Object.entries(FORMS)) writeFileSync(join(dir, name), form.bytes());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the converters really convert (so the forms differ from the CLI form)', () => {
    expect(pascalEnums(raw).replaced, 'enum strings to PascalCase').to.be.greaterThan(41);
    expect(numericEnums(raw).replaced, 'enum strings to numbers').to.be.greaterThan(41);
    expect(pascalEnums(raw).text).to.include('"eventType": "ActivityTaskScheduled"');
    expect(numericEnums(raw).text).to.include('"eventType": 10');
    expect(JSON.stringify(snakeCase(json))).to.include('"activity_task_scheduled_event_attributes"');
  });

  for (const [name, form] of Object.entries(FORMS)) {
    it(`${name}: the same events, steps and ids as the CLI form${form.format ? ` (read as ${form.format})` : ''}`, () => {
      const cli = loadHistoryFile(HAPPY);
      const loaded = loadHistoryFile(join(dir, name));
      expect(loaded.format).to.equal(form.format);
      expect(historyToJSON(loaded.history)).to.equal(historyToJSON(cli.history));
      expect(activitySteps(loaded.events).map((s) => s.activityType)).to.deep.equal(
        activitySteps(cli.events).map((s) => s.activityType),
      );
      expect({ type: loaded.workflowType, id: loaded.workflowId, run: loaded.runId }).to.deep.equal({
        type: cli.workflowType,
        id: cli.workflowId,
        run: cli.runId,
      });
    });
  }

  it('the short PascalCase form loads to deep-equal event objects (as the SDK decodes them)', () => {
    expect(loadHistoryFile(join(dir, 'pascal.json')).events).to.deep.equal(loadHistoryFile(HAPPY).events);
  });

  it('short enum names with snake_case fields (a mix no tool writes) is one line saying so', () => {
    const file = join(dir, 'pascal-snake.json');
    writeFileSync(file, JSON.stringify(snakeCase(JSON.parse(pascalEnums(raw).text))));
    try {
      expect(() => loadHistoryFile(file)).to.throw(
        `${file}: event 1: does not decode: short enum names ("ActivityTaskScheduled") with snake_case field names`,
      );
    } finally {
      rmSync(file);
    }
  });

  it('stems: x.json.gz, x.bin and x.pb.gz are all named `x` (their golden is x.faults.json)', () => {
    expect(loadHistoryFile(join(dir, 'gzipped.json.gz')).name).to.equal('gzipped');
    expect(loadHistoryFile(join(dir, 'binary.bin')).name).to.equal('binary');
    expect(loadHistoryFile(join(dir, 'binary.pb.gz')).name).to.equal('binary');
  });

  it('the folder: every form found and loaded, no problem', () => {
    const { histories, problems } = loadHistories([dir]);
    expect(problems.map((p) => p.message)).to.deep.equal([]);
    expect(histories.map((h) => h.file)).to.deep.equal(
      Object.keys(FORMS)
        .sort()
        .map((name) => join(dir, name)),
    );
  });
});

describe('history formats: checked as the CLI form is', function () {
  this.timeout(180_000);
  const CHECKED = ['binary.pb.gz', 'utf16le.json', 'snake-numeric.json', 'everything.json.gz'];
  let dir: string;
  before(() => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-formats-check-'));
    for (const name of CHECKED) {
      writeFileSync(join(dir, name), FORMS[name].bytes());
      copyFileSync(
        'histories/tenant-provisioning/happy.faults.json',
        join(dir, `${name.replace(/\.(json|bin|pb)(\.gz)?$/, '')}.faults.json`),
      );
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("binary+gzip, UTF-16, snake_case with numeric enums, gzip of wrapped UTF-16: each 12 scenarios (both faults) compensated against happy.json's golden", async () => {
    const result = await runFaultReplay({
      workflowsPath: 'examples/tenant-provisioning/workflows.ts',
      histories: [dir],
      faults: ['activity-failed', 'retries-exhausted'],
    });
    expect(result.problems).to.deep.equal([]);
    expect(result.histories.map((h) => h.file)).to.deep.equal([...CHECKED].sort().map((name) => join(dir, name)));
    for (const history of result.histories) {
      expect(history.replay, history.file).to.deep.equal({ ok: true });
      expect(
        history.scenarios.map((s) => s.outcome),
        history.file,
      ).to.deep.equal(Array(12).fill('compensated'));
    }
    expect(result.exitCode).to.equal(0);
  });
});
