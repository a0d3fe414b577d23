import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { formatAnnotations } from '../../src/report/annotations';
import { compactRollback } from '../../src/judge/compact';
import { faultColumns } from '../../src/report/cells';
import { formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown';
import { Report, ReportHistory, ReportScenario, withVerdict } from '../../src/report/model';
import { progressReporter } from '../../src/report/progress';
import { reportersFor } from '../../src/report/registry';
import { fanOut, Reporter, ReportIO } from '../../src/report/reporter';
import { scenariosOfShard } from '../../src/report/shard';
import { formatTerminal } from '../../src/report/terminal';
import { shortDiff } from '../../src/report/findings';

function io(tty: boolean, env: NodeJS.ProcessEnv = {}): ReportIO & { out: string[]; err: string[]; clock: number } {
  const self = {
    out: [] as string[],
    err: [] as string[],
    clock: 0,
    stdout: (text: string) => self.out.push(text),
    stderr: (text: string) => self.err.push(text),
    stderrIsTTY: tty,
    env,
    now: () => self.clock,
  };
  return self;
}

const DIFF = (n: number) =>
  [
    `  task 1: undoA({"id":"t${n}"})`,
    `- task 2: undoB({"id":"t${n}"})`,
    `+ task 2: undoC({"id":"t${n}"})`,
    '  close: failed: ActivityFailure ← InjectedFailure: boom (non-retryable)',
  ].join('\n');

function scenario(step: number, fault: string, outcome: ReportScenario['outcome'], n = 0): ReportScenario {
  return {
    step,
    activityType: `step${step}`,
    activityId: String(step),
    fault,
    outcome,
    judgedBy: ['golden'],
    ...(outcome === 'unexpected-commands'
      ? { detail: 'the commands after the fault differ from the golden file', diff: DIFF(n) }
      : {}),
    observed: {
      tasks: [[{ activity: 'undoA', args: [{ id: `t${n}` }], options: { taskQueue: "(workflow's)" } }]],
      close: {
        status: 'failed',
        failure: [
          { type: 'ActivityFailure', message: 'x' },
          { type: 'InjectedFailure', message: 'boom' },
        ],
      },
    },
    expected: null,
  };
}

function report(histories: ReportHistory[], threshold?: number): Report {
  return withVerdict(
    { version: 1, exitCode: 1, complete: true, problems: [], histories },
    { threshold: threshold === undefined ? undefined : { percent: threshold } },
  );
}

function history(file: string, scenarios: ReportScenario[], workflowType = 'wf'): ReportHistory {
  return {
    file,
    workflowType,
    workflowId: 'id',
    runId: 'r',
    golden: `${file}.faults.json`,
    spec: null,
    replay: { ok: true },
    scenarios,
  };
}

describe('reporters (units)', () => {
  it('fanOut calls each hook on every reporter that has it, in order', () => {
    const calls: string[] = [];
    const a: Reporter = {
      runPlanned: (p) => calls.push(`a planned ${p.scenarios}`),
      runDone: () => calls.push('a done'),
    };
    const b: Reporter = { scenarioFollowed: () => calls.push('b followed'), runDone: () => calls.push('b done') };
    const all = fanOut([a, b]);
    all.runPlanned({ scenarios: 3, histories: 1 });
    all.scenarioFollowed();
    all.runDone(report([]));
    expect(calls).to.deep.equal(['a planned 3', 'b followed', 'a done', 'b done']);
  });

  it('the registry gives the reporters asked for: annotations with --annotations or GITHUB_ACTIONS=true, progress only on a TTY', () => {
    const names = (options: object, target: ReportIO) => reportersFor(options, target).length;
    const base = names({}, io(false));
    expect(names({ annotations: true }, io(false))).to.equal(base + 1);
    expect(names({}, io(false, { GITHUB_ACTIONS: 'true' }))).to.equal(base + 1);
    expect(names({}, io(true))).to.equal(base + 1);
    expect(names({ json: 'x', junit: 'y', markdown: 'z' }, io(false))).to.equal(base + 3);
  });

  it('the progress line: scenarios done / total and the rate, redrawn at most every 250 ms, erased at the end', () => {
    const target = io(true);
    const progress = progressReporter.create({}, target);
    progress.runPlanned!({ scenarios: 4, histories: 1 });
    target.clock = 1000;
    progress.scenarioFollowed!();
    target.clock = 1100;
    progress.scenarioFollowed!(); // within 250 ms: not drawn
    target.clock = 2000;
    progress.scenarioFollowed!();
    progress.scenarioFollowed!(); // the last: always drawn
    progress.runDone!(report([]));
    expect(target.err).to.deep.equal([
      '\r\x1b[2Kscenarios 0/4 (0.0/s)',
      '\r\x1b[2Kscenarios 1/4 (1.0/s)',
      '\r\x1b[2Kscenarios 3/4 (1.5/s)',
      '\r\x1b[2Kscenarios 4/4 (2.0/s)',
      '\r\x1b[2K',
    ]);
    expect(target.out).to.deep.equal([]);
  });

  it('shards: every scenario in exactly one, work balanced by history length, the same split every time', () => {
    const lengths = [900, 40, 40, 300, 120, 120, 60, 500, 30, 30];
    const scenarios = lengths.flatMap((events, h) =>
      Array.from({ length: 6 }, (_, s) => ({ id: `${h}.${s}`, history: { events: new Array<number>(events) } })),
    );
    const parts = [1, 2, 3].map((index) => scenariosOfShard(scenarios, { index, count: 3 }));
    expect(
      parts
        .flat()
        .map((s) => s.id)
        .sort(),
    ).to.deep.equal(scenarios.map((s) => s.id).sort());
    const work = parts.map((part) => part.reduce((sum, s) => sum + s.history.events.length, 0));
    expect(Math.max(...work) - Math.min(...work)).to.be.at.most(900);
    expect(scenariosOfShard(scenarios, { index: 2, count: 3 })).to.deep.equal(parts[1]);
    const inOrder = parts[0].map((s) => scenarios.indexOf(s));
    expect(inOrder).to.deep.equal([...inOrder].sort((a, b) => a - b));
  });

  it('shards by weight: a scenario weighing nothing (a fault that does not apply) adds no work to its shard', () => {
    const scenario = (events: number, applies: boolean) => ({
      history: { events: new Array(events).fill(0) },
      applies,
    });
    const scenarios = [scenario(10, true), scenario(10, true), scenario(50, false)];
    const byWeight = (s: { history: { events: unknown[] }; applies: boolean }) =>
      s.applies ? s.history.events.length : 0;
    const weighed = [1, 2].map((index) => scenariosOfShard(scenarios, { index, count: 2 }, byWeight));
    expect(weighed.map((shard) => shard.filter((s) => s.applies).length)).to.deep.equal([1, 1]);
    const byLength = [1, 2].map((index) => scenariosOfShard(scenarios, { index, count: 2 }));
    expect(byLength.map((shard) => shard.filter((s) => s.applies).length)).to.deep.equal([0, 2]);
  });

  it('fault columns come from the registry, unknown fault names after them, each with a distinct short code', () => {
    expect(faultColumns(['retries-exhausted', 'activity-failed'])).to.deep.equal([
      { fault: 'activity-failed', code: 'AF' },
      { fault: 'retries-exhausted', code: 'RE' },
    ]);
    const codes = faultColumns([
      'activity-failed',
      'activity-timeout:start-to-close',
      'activity-timeout:schedule-to-start',
      'alpha-fox',
    ]).map((c) => c.code);
    expect(new Set(codes).size).to.equal(4);
  });

  it('the compact rollback: one scalar argument shown, more as …, parallel commands joined with +, the innermost failure type', () => {
    const line = compactRollback({
      tasks: [
        [
          { activity: 'deleteTenantRecord', args: [{ tenantId: 'acme' }], options: { taskQueue: "(workflow's)" } },
          { activity: 'notify', args: [], options: { taskQueue: "(workflow's)" } },
        ],
        [
          {
            activity: 'markTenantFailed',
            args: [{ tenantId: 'acme', reason: 'x' }],
            options: { taskQueue: "(workflow's)" },
          },
        ],
      ],
      close: {
        status: 'failed',
        failure: [
          { type: 'ActivityFailure', message: 'a' },
          { type: 'InjectedFailure', message: 'b' },
        ],
      },
    });
    expect(line).to.equal('deleteTenantRecord("acme") + notify() → markTenantFailed(…) → failed InjectedFailure');
  });

  it('terminal: plurals, the score per workflow type, one block for findings sharing a diff', () => {
    const one = report([history('a.json', [scenario(1, 'activity-failed', 'compensated')])]);
    expect(formatTerminal(one)).to.include('(wf, 1 step)');
    expect(formatTerminal(one)).to.include('1 scenario in 1 history: 1 compensated');
    const many = report([
      history('a.json', [
        scenario(1, 'activity-failed', 'unexpected-commands', 7),
        scenario(2, 'activity-failed', 'unexpected-commands', 7),
        scenario(3, 'activity-failed', 'compensated'),
      ]),
      history(
        'b.json',
        [scenario(1, 'activity-failed', 'compensated'), scenario(1, 'retries-exhausted', 'not-applicable')],
        'other',
      ),
    ]);
    const text = formatTerminal(many);
    expect(text).to.include('findings: 2 scenarios, 1 distinct finding');
    expect(text).to.match(
      /in 2 scenarios \(1 history, steps 1–2, activity-failed\):\n {8}a\.json step 1 step1 × activity-failed\n {8}a\.json step 2 step2 × activity-failed/,
    );
    expect(text).to.include(
      'fault score 50% (2 of 4 applicable scenarios compensated); other 100% (1/1), wf 33.33% (1/3)',
    );
    expect(text).to.match(/^ {8}- task 2: undoB/m);
    expect(text).not.to.match(/^ {8} {2}task 1: undoA/m); // context lines only with --verbose
    expect(formatTerminal(many, true)).to.match(/^ {10}task 1: undoA/m);
  });

  it('a short diff: only the changed lines, but the whole diff when a command only moved (the same line removed and added)', () => {
    const changed = shortDiff(['  a()', '- b()', '+ c()', '  close: failed'].join('\n'), false);
    expect(changed).to.deep.equal({ lines: ['- b()', '+ c()'], whole: false });
    const moved = shortDiff(['- b()', '  a()', '+ b()', '  close: failed'].join('\n'), false);
    expect(moved).to.deep.equal({ lines: ['- b()', '  a()', '+ b()', '  close: failed'], whole: true });
    const long = shortDiff(Array.from({ length: 30 }, (_, i) => `- x${i}()`).join('\n'), false);
    expect(long.lines.at(-1)).to.match(/^… \d+ more lines \(--verbose shows the whole diff\)$/);
  });

  it('a rollback cut short (a crash after its first undo) ends with the outcome; one cut before any command has no observed line', () => {
    const crashed = {
      ...scenario(2, 'activity-failed', 'workflow-task-failed'),
      detail: 'TypeError: x (at src/w.ts:3:4)',
    };
    crashed.observed = { ...crashed.observed!, close: null };
    const early = { ...scenario(3, 'activity-failed', 'workflow-task-failed'), detail: 'TypeError: y' };
    early.observed = { tasks: [], close: null };
    const text = formatTerminal(report([history('a.json', [crashed, early])]));
    expect(text).to.match(
      /\[1\] workflow-task-failed — TypeError: x \(at src\/w\.ts:3:4\)\n {6}in a\.json step 2 step2 × activity-failed\n {6}observed: undoA\("t0"\) → workflow-task-failed\n/,
    );
    expect(text).to.match(
      /\[2\] workflow-task-failed — TypeError: y\n {6}in a\.json step 3 step3 × activity-failed\n\n/,
    );
  });

  it('annotations: a crash at the source line it names, the others at the history file, the score a notice (an error below --threshold)', () => {
    const crashed = {
      ...scenario(2, 'activity-failed', 'workflow-task-failed'),
      detail: 'TypeError: x, y (at src/w.ts:3:4)',
    };
    const histories = [
      history('h/a.json', [
        crashed,
        scenario(1, 'activity-failed', 'unexpected-commands'),
        scenario(3, 'activity-failed', 'compensated'),
      ]),
    ];
    const lines = formatAnnotations(report(histories)).trimEnd().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[1]).to.equal(
      '::error file=h/a.json,title=fault-replay%3A unexpected-commands::h/a.json step 1 step1 × activity-failed: unexpected-commands — the commands after the fault differ from the golden file%0Aobserved: undoA("t0") → failed InjectedFailure',
    );
    expect(lines[0]).to.match(
      /^::error file=src\/w\.ts,line=3,col=4,title=fault-replay%3A workflow-task-failed::h\/a\.json step 2 step2 × activity-failed: workflow-task-failed — TypeError: x, y \(at src\/w\.ts:3:4\)/,
    );
    expect(lines[2]).to.equal(
      '::notice title=fault score::fault score 33.33%25 (1 of 3 applicable scenarios compensated)',
    );
    expect(formatAnnotations(report(histories, 50)).trimEnd().split('\n')[2]).to.match(
      /^::error title=fault score below the threshold::/,
    );
  });

  it('Markdown of a 1,000-scenario run with a distinct finding each stays under 65,000 characters, parses, and counts what it leaves out', () => {
    const histories = Array.from({ length: 100 }, (_, h) =>
      history(
        `histories/h${h}.json`,
        Array.from({ length: 10 }, (_, s) =>
          scenario(
            s + 1,
            s % 2 ? 'retries-exhausted' : 'activity-failed',
            s % 3 ? 'unexpected-commands' : 'compensated',
            h * 10 + s,
          ),
        ),
      ),
    );
    const big = report(histories);
    expect(big.histories.flatMap((h) => h.scenarios)).to.have.length(1000);
    const markdown = formatMarkdown(big);
    expect(markdown.length).to.be.lessThan(MARKDOWN_LIMIT);
    expect(markdown).to.match(/_\d+ more findings do not fit here: see the JSON or JUnit report\._/);
    const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
    const opened = tokens.filter((t) => t.type === 'html_block' && t.content.includes('<details>')).length;
    const closed = tokens.filter((t) => t.type === 'html_block' && t.content.includes('</details>')).length;
    expect(opened).to.equal(closed);
    expect(tokens.filter((t) => t.type === 'fence').length).to.equal(opened);
  });
});
