import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { loadHistories, loadHistoryFile } from '../../src/load/load';
import { HistoryProblem } from '../../src/load/validate';
import { runFaultReplay } from '../../src/run';
import { RunResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';
import type { JsonEvent, JsonHistory } from '../support/history-json';
import { problemLine } from '../../src/model/problem';

const ROOT = resolve(__dirname, '../..');
const CORPUS = join(ROOT, 'histories/tenant-provisioning');
const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';

/** One malformed file: how it is made from happy.json and what its problem line must say. */
interface BadCase {
  /** The file name inside the temp folder. */
  name: string;
  label: string;
  make(text: string, json: JsonHistory): string;
  /** The event the line must name, where the problem is at one event. */
  eventId?: number;
  /** Words a person needs to see to know what is wrong. */
  words: RegExp[];
  /** false when the file loads and the problem only shows at replay (workflow type not in the bundle). */
  failsToLoad: boolean;
}

function clone(json: JsonHistory): JsonHistory {
  return JSON.parse(JSON.stringify(json)) as JsonHistory;
}

function text(json: JsonHistory): string {
  return JSON.stringify(json, null, 2) + '\n';
}

function event(json: JsonHistory, id: number): JsonEvent {
  const found = json.events.find((e) => e.eventId === String(id));
  if (!found) throw new Error(`happy.json has no event ${id}`);
  return found;
}

/** Event 7 of happy.json is the first ActivityTaskCompleted (scheduled by 5, started by 6). */
function withCompletedScheduledId(json: JsonHistory, scheduledEventId: string): string {
  const copy = clone(json);
  const completed = event(copy, 7);
  expect(completed.eventType).to.equal('EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
  (completed.activityTaskCompletedEventAttributes as { scheduledEventId: string }).scheduledEventId = scheduledEventId;
  return text(copy);
}

const CASES: BadCase[] = [
  {
    name: 'a-not-json.json',
    label: '(a) not JSON at all (YAML-ish text)',
    make: () => 'events:\n  - eventId: 1\n    eventType: WorkflowExecutionStarted\n',
    words: [/not valid JSON/],
    failsToLoad: true,
  },
  {
    name: 'b-truncated.json',
    label: '(b) truncated to the first half of its text',
    make: (raw) => raw.slice(0, Math.floor(raw.length / 2)),
    words: [/not valid JSON/, /ends early \(truncated\?\)/],
    failsToLoad: true,
  },
  {
    name: 'c-no-started.json',
    label: '(c) no WorkflowExecutionStarted (event 1 dropped, ids renumbered)',
    make: (_raw, json) => {
      const copy = clone(json);
      copy.events = copy.events.slice(1).map((e, index) => ({ ...e, eventId: String(index + 1) }));
      return text(copy);
    },
    eventId: 1,
    words: [/first event/, /WorkflowTaskScheduled/, /not WorkflowExecutionStarted/],
    failsToLoad: true,
  },
  {
    name: 'd1-link-to-workflow-task.json',
    label: '(d) ActivityTaskCompleted.scheduledEventId points at a WorkflowTaskCompleted',
    make: (_raw, json) => withCompletedScheduledId(json, '4'),
    eventId: 7,
    words: [/scheduledEventId 4/, /points at a WorkflowTaskCompleted; it must name an earlier ActivityTaskScheduled/],
    failsToLoad: true,
  },
  {
    name: 'd2-link-to-later-event.json',
    label: '(d) ActivityTaskCompleted.scheduledEventId points at a later ActivityTaskScheduled',
    make: (_raw, json) => withCompletedScheduledId(json, '11'),
    eventId: 7,
    words: [/scheduledEventId 11/, /points at a later event/, /earlier ActivityTaskScheduled/],
    failsToLoad: true,
  },
  {
    name: 'd3-link-to-nonexistent-event.json',
    label: '(d) ActivityTaskCompleted.scheduledEventId points at an id past the end',
    make: (_raw, json) => withCompletedScheduledId(json, '999'),
    eventId: 7,
    words: [/scheduledEventId 999/, /past the end of the history \(41 events\)/],
    failsToLoad: true,
  },
  {
    name: 'e-unknown-event-type.json',
    label: '(e) unknown event type EVENT_TYPE_BOGUS',
    make: (_raw, json) => {
      const copy = clone(json);
      event(copy, 6).eventType = 'EVENT_TYPE_BOGUS';
      return text(copy);
    },
    eventId: 6,
    words: [/unknown event type/, /EVENT_TYPE_BOGUS/],
    failsToLoad: true,
  },
  {
    name: 'f-no-such-workflow.json',
    label: '(f) a workflow type the bundle does not have',
    make: (_raw, json) => {
      const copy = clone(json);
      const started = event(copy, 1).workflowExecutionStartedEventAttributes as { workflowType: { name: string } };
      started.workflowType.name = 'noSuchWorkflow';
      return text(copy);
    },
    words: [/workflow type noSuchWorkflow/, /not exported/, new RegExp(WORKFLOWS.replace(/\./g, '\\.'))],
    failsToLoad: false,
  },
  {
    name: 'g-non-consecutive-ids.json',
    label: '(g) non-consecutive ids (id 10 skipped)',
    make: (_raw, json) => {
      const copy = clone(json);
      copy.events = copy.events.map((e, index) => (index >= 9 ? { ...e, eventId: String(index + 2) } : e));
      return text(copy);
    },
    eventId: 11,
    words: [/position 10 has id 11/, /consecutively from 1/],
    failsToLoad: true,
  },
];

/** How a file found under a folder is named in messages: joined onto the folder exactly as it was given. */
function shown(file: string): string {
  return file;
}

/** The problem lines that name this file (the line starts with the file, then `: `). */
function linesFor(lines: string[], file: string): string[] {
  return lines.filter((line) => line.startsWith(`${shown(file)}: `));
}

describe('malformed histories: one clear line each, the good history still checked', function () {
  this.timeout(120_000);

  let dir: string;
  const path = (name: string) => join(dir, name);

  before(() => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-bad-input-'));
    const raw = readFileSync(join(CORPUS, 'happy.json'), 'utf8');
    const json = JSON.parse(raw) as JsonHistory;
    for (const bad of CASES) writeFileSync(path(bad.name), bad.make(raw, json));
    // The good history and its golden, with the same stem (goldens are looked up beside each history).
    copyFileSync(join(CORPUS, 'happy.json'), path('happy.json'));
    copyFileSync(join(CORPUS, 'happy.faults.json'), path('happy.faults.json'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('loadHistoryFile (no replay)', () => {
    for (const bad of CASES) {
      it(`${bad.label}: ${bad.failsToLoad ? 'a HistoryProblem naming the file' : 'loads (found only at replay)'}`, () => {
        const file = path(bad.name);
        if (!bad.failsToLoad) {
          const loaded = loadHistoryFile(file);
          expect(loaded.workflowType).to.equal('noSuchWorkflow');
          expect(loaded.file).to.equal(file);
          return;
        }
        let problem: unknown;
        try {
          loadHistoryFile(file);
        } catch (err) {
          problem = err;
        }
        expect(problem, 'loadHistoryFile should throw').to.be.instanceOf(HistoryProblem);
        const { message, eventId, reason } = problem as HistoryProblem;
        expect((problem as HistoryProblem).file).to.equal(file);
        expect(eventId).to.equal(bad.eventId);
        expect(message).to.equal(bad.eventId ? `${file}: event ${bad.eventId}: ${reason}` : `${file}: ${reason}`);
        expect(message).not.to.include('\n');
        for (const word of bad.words) expect(reason).to.match(word);
      });
    }

    it('the good copy of happy.json loads', () => {
      const loaded = loadHistoryFile(path('happy.json'));
      expect(loaded.workflowType).to.equal('provisionTenant');
      expect(loaded.name).to.equal('happy');
      expect(loaded.events).to.have.length.greaterThan(10);
    });
  });

  describe('loadHistories on the folder (no replay)', () => {
    it('one problem per file that does not load; the good file and the unknown-type file load; goldens are not histories', () => {
      const { histories, problems } = loadHistories([dir]);
      expect(histories.map((h) => h.file)).to.deep.equal([
        shown(path('f-no-such-workflow.json')),
        shown(path('happy.json')),
      ]);
      const failing = CASES.filter((bad) => bad.failsToLoad);
      expect(problems).to.have.length(failing.length);
      for (const bad of failing) {
        const own = problems.filter((p) => p.file === shown(path(bad.name)));
        expect(own, bad.label).to.have.length(1);
        expect(own[0].eventId, bad.label).to.equal(bad.eventId);
      }
    });
  });

  describe('runFaultReplay on the folder', () => {
    let result: RunResult;

    before(async () => {
      result = await runFaultReplay({ workflowsPath: WORKFLOWS, histories: [dir] });
    });

    it('exactly one problem line per bad file, and no other', () => {
      expect(result.problems).to.have.length(CASES.length);
      for (const bad of CASES)
        expect(linesFor(result.problems.map(problemLine), path(bad.name)), bad.label).to.have.length(1);
    });

    it('each line names its file (resolving to the file) and, where it applies, the event', () => {
      for (const bad of CASES) {
        const [line] = linesFor(result.problems.map(problemLine), path(bad.name));
        const named = line.slice(0, line.indexOf(': '));
        expect(resolve(named), bad.label).to.equal(path(bad.name));
        const rest = line.slice(named.length + 2);
        if (bad.eventId) expect(rest, bad.label).to.match(new RegExp(`^event ${bad.eventId}: `));
        else expect(rest, bad.label).not.to.match(/^event \d+/);
      }
    });

    it('each line says what is wrong in words, on a single line', () => {
      for (const bad of CASES) {
        const [line] = linesFor(result.problems.map(problemLine), path(bad.name));
        expect(line, bad.label).not.to.include('\n');
        for (const word of bad.words) expect(line, bad.label).to.match(word);
      }
    });

    it('the good history is still fully checked: 60 scenarios (6 steps × 10 fault kinds), all compensated or not-applicable', () => {
      expect(result.histories.map((h) => h.file)).to.deep.equal([shown(path('happy.json'))]);
      const [happy] = result.histories;
      expect(happy.replay).to.deep.equal({ ok: true });
      expect(happy.scenarios.filter((s) => s.outcome !== 'not-applicable').map((s) => s.outcome)).to.deep.equal(
        Array(42).fill('compensated'),
      );
      expect(result.counts.compensated).to.equal(42);
    });

    it('exit code 2 (the run could not fully happen)', () => {
      expect(result.exitCode).to.equal(2);
    });
  });

  describe('the real CLI on the folder', () => {
    it('exits 2 with one `fault-replay: ` line per bad file on stderr', () => {
      const run = spawnSync(
        process.execPath,
        ['bin/fault-replay.js', 'check', '--workflows', WORKFLOWS, '--histories', dir],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(run.error).to.equal(undefined);
      expect(run.status, run.stderr).to.equal(2);
      const lines = run.stderr.split('\n').filter((line) => line !== '');
      const problemLines = lines.filter((line) => line.startsWith('fault-replay: '));
      expect(problemLines, run.stderr).to.have.length(CASES.length);
      expect(lines, 'nothing else on stderr').to.have.length(CASES.length);
      for (const bad of CASES) {
        const own = problemLines.filter((line) => line.startsWith(`fault-replay: ${path(bad.name)}: `));
        expect(own, bad.label).to.have.length(1);
      }
      // The good history's matrix is still printed.
      expect(run.stdout).to.match(/happy\.json {2}\(provisionTenant, 6 steps\)/);
      expect(run.stdout).to.include(
        `60 scenarios in 1 history: 42 compensated, 18 not-applicable; ${CASES.length} problems (on stderr): the run did not fully happen`,
      );
    });
  });
});

describe('a folder with no history in it is a problem, not a silent pass', () => {
  it('loadHistories reports the folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'fault-replay-empty-'));
    try {
      writeFileSync(join(empty, 'happy.faults.json'), '{"scenarios":[]}'); // a golden alone is no history
      const { histories, problems } = loadHistories([empty]);
      expect(histories).to.deep.equal([]);
      expect(problems.map((p) => p.message)).to.deep.equal([
        `${empty}: no history files (*.json, *.bin, *.pb, *.binpb, each maybe .gz) in this folder`,
      ]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
