import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { expectationOf, judge } from '../../src/judge/judge';
import { isFinding, isRegression, OUTCOMES, Outcome, outcomeOfReplayError } from '../../src/model/outcome';
import { GoldenEntry, GoldenFile } from '../../src/model/golden';
import { GoldenOwner, findEntry, goldenPathFor, readGolden, writeGolden } from '../../src/judge/golden';
import type { ActivityOptions, Observation, ObservedCommand } from '../../src/model/observation';

const GOLDEN = 'histories/tenant-provisioning/happy.faults.json';
/** The history the committed golden belongs to. */
const OWNER: GoldenOwner = {
  file: 'histories/tenant-provisioning/happy.json',
  workflowType: 'provisionTenant',
  workflowId: 'provision-acme-happy',
};

/** The committed golden file, read raw (not through readGolden, which is under test below). */
function committedGolden(): GoldenFile {
  return JSON.parse(readFileSync(GOLDEN, 'utf8')) as GoldenFile;
}

/** Step 3 (applyTenantMigrations) of the committed golden: three compensations, one workflow task each, then a failed close. */
function step3(): GoldenEntry {
  const entry = committedGolden().scenarios.find((s) => s.step === 3 && s.fault === 'activity-failed');
  if (!entry) throw new Error(`${GOLDEN} has no step-3 activity-failed scenario`);
  return entry;
}

/** The reference saga's activity options, keys in reverse order. */
function sagaOptions(): ActivityOptions {
  return {
    retry: {
      nonRetryableErrorTypes: ['InjectedFailure', 'ValidationError'],
      maximumAttempts: 3,
      initialInterval: '0.2s',
    },
    startToClose: '30s',
    taskQueue: "(workflow's)",
  };
}

/** The same data as an object literal with every key order reversed, written out by hand. */
function step3Reordered(): Observation {
  return {
    rounds: 4,
    close: {
      failure: [
        { message: 'Activity task failed', type: 'ActivityFailure' },
        { nonRetryable: true, message: 'injected failure in applyTenantMigrations', type: 'InjectedFailure' },
      ],
      status: 'failed',
    },
    tasks: [
      [{ options: sagaOptions(), args: [{ tenantId: 'acme' }], activity: 'dropTenantSchema' }],
      [{ options: sagaOptions(), args: [{ tenantId: 'acme' }], activity: 'deleteTenantRecord' }],
      [
        {
          options: sagaOptions(),
          args: [{ reason: 'injected failure in applyTenantMigrations', tenantId: 'acme' }],
          activity: 'markTenantFailed',
        },
      ],
    ],
  };
}

/** The golden's commands, one by one (each of its workflow tasks holds one). */
function step3Commands(): ObservedCommand[] {
  return step3().tasks.map((task) => {
    expect(task).to.have.length(1);
    return task[0];
  });
}

/** An observation with the golden's close unless `close` is given (an explicit `undefined` field means none). */
function observation(tasks: ObservedCommand[][], ...close: [Observation['close']] | []): Observation {
  return { tasks, close: close.length ? close[0] : step3().close, rounds: 1 };
}

/** One workflow task a command, as the serial saga issues them. */
function serial(commands: ObservedCommand[]): ObservedCommand[][] {
  return commands.map((command) => [command]);
}

function lines(diff: string | undefined): string[] {
  expect(diff, 'a diff').to.be.a('string');
  return diff!.split('\n');
}

describe('judge', () => {
  it('the hand-written fixture has the committed golden content (sanity check)', () => {
    expect(step3Commands().map((c) => ('activity' in c ? c.activity : Object.keys(c)[0]))).to.deep.equal([
      'dropTenantSchema',
      'deleteTenantRecord',
      'markTenantFailed',
    ]);
  });

  it('compensated when the observation equals the golden entry, keys in a different order', () => {
    const verdict = judge(step3Reordered(), step3());
    expect(verdict).to.deep.equal({ outcome: 'compensated' });
  });

  it("compensated for the exact same objects, and the golden entry's own keys (step, fault…) do not count", () => {
    const golden = step3();
    const verdict = judge({ tasks: golden.tasks, close: golden.close, rounds: 1 }, golden);
    expect(verdict.outcome).to.equal('compensated');
    expect(verdict.detail).to.equal(undefined);
    expect(verdict.diff).to.equal(undefined);
  });

  it('what only the tool needs (rounds, the path it followed) does not count', () => {
    const golden = step3();
    const verdict = judge({ tasks: golden.tasks, close: golden.close, rounds: 9, path: [] }, golden);
    expect(verdict).to.deep.equal({ outcome: 'compensated' });
  });

  it('key order inside args nested deeper does not matter either', () => {
    const options: ActivityOptions = { taskQueue: "(workflow's)" };
    const expected = { tasks: [[{ activity: 'x', args: [{ a: { b: 1, c: [{ d: 1, e: 2 }] } }], options }]] };
    const observed = observation(
      [[{ activity: 'x', args: [{ a: { c: [{ e: 2, d: 1 }], b: 1 } }], options }]],
      undefined,
    );
    expect(judge(observed, expected).outcome).to.equal('compensated');
  });

  it('a changed argument value is not compensated', () => {
    const observed = step3Reordered();
    (observed.tasks[0][0] as { args: unknown[] }).args = [{ tenantId: 'other' }];
    const verdict = judge(observed, step3());
    expect(verdict.outcome).to.equal('unexpected-commands');
    expect(verdict.detail).to.equal('the same commands with other arguments or options than the golden file');
  });

  describe('when the commands differ', () => {
    it('a missing compensation: unexpected-commands, and the diff has a "-" line for it', () => {
      const [drop, , mark] = step3Commands();
      const verdict = judge(observation(serial([drop, mark])), step3());
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the commands after the fault differ from the golden file');
      const diff = lines(verdict.diff);
      expect(
        diff.some((l) => /^- deleteTenantRecord\(/.test(l)),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => /^\+ .*deleteTenantRecord/.test(l)),
        verdict.diff,
      ).to.equal(false);
      // the diff is aligned by content: the missing undo is the one changed line, nothing later renumbered
      expect(diff.filter((l) => /^[-+] /.test(l)).length, verdict.diff).to.equal(1);
      expect(
        diff.some((l) => /^[-+] .*dropTenantSchema/.test(l)),
        verdict.diff,
      ).to.equal(false);
    });

    it('an activity only in the observation gets a "+" line, the one it replaced a "-" line', () => {
      const [drop, , mark] = step3Commands();
      const archive: ObservedCommand = {
        activity: 'archiveTenant',
        args: [{ tenantId: 'acme' }],
        options: sagaOptions(),
      };
      const verdict = judge(observation(serial([drop, archive, mark])), step3());
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.match(/^the commands after the fault differ/);
      const diff = lines(verdict.diff);
      expect(
        diff.some((l) => /^\+ archiveTenant\(/.test(l)),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => /^- deleteTenantRecord\(/.test(l)),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => /^[-+] .*dropTenantSchema/.test(l)),
        verdict.diff,
      ).to.equal(false);
      expect(
        diff.some((l) => /^[-+] .*markTenantFailed/.test(l)),
        verdict.diff,
      ).to.equal(false);
    });

    it('the same activities in another order: unexpected-commands', () => {
      const [drop, del, mark] = step3Commands();
      const verdict = judge(observation(serial([del, drop, mark])), step3());
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the commands after the fault differ from the golden file');
      const diff = lines(verdict.diff);
      expect(
        diff.some((l) => l.startsWith('- ')),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => l.startsWith('+ ')),
        verdict.diff,
      ).to.equal(true);
    });

    it('commands differing AND a different close still reports the commands first', () => {
      const verdict = judge(observation([], { status: 'completed', result: null }), step3());
      expect(verdict.detail).to.equal('the commands after the fault differ from the golden file');
    });

    it('a diff line is "<mark> <text>" and unchanged lines are marked with a space', () => {
      const diff = lines(judge(observation(serial([step3Commands()[0]])), step3()).diff);
      for (const line of diff) expect(line, line).to.match(/^[-+ ] /);
      expect(diff.some((l) => l.startsWith('  dropTenantSchema('))).to.equal(true);
    });
  });

  describe('workflow tasks and options count, not only the activity names', () => {
    it('the same commands grouped into other workflow tasks (two undos in parallel): unexpected-commands, "grouped … differently"', () => {
      const [drop, del, mark] = step3Commands();
      const verdict = judge(observation([[drop, del], [mark]]), step3());
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal(
        'the same commands, grouped into workflow tasks differently (serial vs parallel) from the golden file',
      );
      // A regrouping is the one line whose task changed: deleteTenantRecord now starts with `& ` (with the one before it).
      expect(
        lines(verdict.diff)
          .filter((l) => /^[-+] /.test(l))
          .map((l) => l.slice(0, 22)),
        verdict.diff,
      ).to.deep.equal(['- deleteTenantRecord({', '+ & deleteTenantRecord']);
    });

    it('all three in one workflow task: grouped differently', () => {
      const commands = step3Commands();
      expect(judge(observation([commands]), step3()).detail).to.match(/grouped into workflow tasks differently/);
    });

    it('an undo sent to another task queue: unexpected-commands, "other arguments or options", both queues in the diff', () => {
      const [drop, del, mark] = step3Commands();
      const elsewhere = { ...drop, options: { ...sagaOptions(), taskQueue: 'cleanup-queue' } } as ObservedCommand;
      const verdict = judge(observation(serial([elsewhere, del, mark])), step3());
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the same commands with other arguments or options than the golden file');
      const diff = lines(verdict.diff);
      expect(
        diff.some((l) => /^\+ dropTenantSchema\(.*taskQueue cleanup-queue/.test(l)),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => /^- dropTenantSchema\(/.test(l) && !l.includes('taskQueue')),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => /^[-+] task [23]:/.test(l)),
        verdict.diff,
      ).to.equal(false);
    });

    it('an undo with another timeout or retry policy: unexpected-commands', () => {
      const [drop, del, mark] = step3Commands();
      const shorter = { ...drop, options: { ...sagaOptions(), startToClose: '5s' } } as ObservedCommand;
      expect(judge(observation(serial([shorter, del, mark])), step3()).detail).to.equal(
        'the same commands with other arguments or options than the golden file',
      );
      const once = { ...drop, options: { ...sagaOptions(), retry: { maximumAttempts: 1 } } } as ObservedCommand;
      expect(judge(observation(serial([once, del, mark])), step3()).outcome).to.equal('unexpected-commands');
    });
  });

  it('only the close differs: "the workflow closes differently…", with the two closes in the diff', () => {
    const verdict = judge(observation(step3().tasks, { status: 'completed', result: { tenantId: 'acme' } }), step3());
    expect(verdict.outcome).to.equal('unexpected-commands');
    expect(verdict.detail).to.equal('the workflow closes differently from the golden file');
    const diff = lines(verdict.diff);
    expect(
      diff.some((l) => /^- close: failed: ActivityFailure: Activity task failed ← InjectedFailure: /.test(l)),
      verdict.diff,
    ).to.equal(true);
    expect(diff).to.include('+ close: completed {"tenantId":"acme"}');
    expect(
      diff.some((l) => /^[-+] task/.test(l)),
      verdict.diff,
    ).to.equal(false);
  });

  it('no close observed where the golden has one: closes differently', () => {
    expect(judge(observation(step3().tasks, undefined), step3()).detail).to.equal(
      'the workflow closes differently from the golden file',
    );
  });

  describe('the whole failure chain of a failed close counts', () => {
    type Failed = Extract<Observation['close'], { status: 'failed' }>;
    const goldenFailure = () => (step3().close as Failed).failure;

    it('the committed golden keeps the chain: ActivityFailure, then the non-retryable InjectedFailure', () => {
      expect(goldenFailure()).to.deep.equal([
        { type: 'ActivityFailure', message: 'Activity task failed' },
        { type: 'InjectedFailure', message: 'injected failure in applyTenantMigrations', nonRetryable: true },
      ]);
    });

    it('the same types and messages, but the cause no longer non-retryable: unexpected-commands, closes differently', () => {
      const [outer, cause] = goldenFailure();
      const retryable = { type: cause.type, message: cause.message };
      const verdict = judge(observation(step3().tasks, { status: 'failed', failure: [outer, retryable] }), step3());
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the workflow closes differently from the golden file');
      const diff = lines(verdict.diff);
      expect(
        diff.some((l) =>
          /^- close: .*InjectedFailure: injected failure in applyTenantMigrations \(non-retryable\)$/.test(l),
        ),
        verdict.diff,
      ).to.equal(true);
      expect(
        diff.some((l) => /^\+ close: .*InjectedFailure: injected failure in applyTenantMigrations$/.test(l)),
        verdict.diff,
      ).to.equal(true);
    });

    it('the same chain with details added to a level: unexpected-commands, the details in the diff', () => {
      const [outer, cause] = goldenFailure();
      const verdict = judge(
        observation(step3().tasks, { status: 'failed', failure: [outer, { ...cause, details: [{ step: 3 }] }] }),
        step3(),
      );
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the workflow closes differently from the golden file');
      expect(
        lines(verdict.diff).some((l) => /^\+ close: .*\(non-retryable\) details \[\{"step":3\}\]$/.test(l)),
        verdict.diff,
      ).to.equal(true);
    });

    it("other details than the golden's, or a level missing: unexpected-commands", () => {
      const [outer, cause] = goldenFailure();
      const withDetails: GoldenEntry = {
        ...step3(),
        close: { status: 'failed', failure: [outer, { ...cause, details: ['a'] }] },
      };
      expect(
        judge(
          observation(step3().tasks, { status: 'failed', failure: [outer, { ...cause, details: ['b'] }] }),
          withDetails,
        ).outcome,
      ).to.equal('unexpected-commands');
      expect(judge(observation(step3().tasks, { status: 'failed', failure: [outer] }), step3()).outcome).to.equal(
        'unexpected-commands',
      );
    });
  });

  it('no golden entry: unexpected-commands, telling to run --update, with everything observed as "+"', () => {
    const verdict = judge(observation(step3().tasks), undefined);
    expect(verdict.outcome).to.equal('unexpected-commands');
    expect(verdict.detail).to.include('--update');
    expect(verdict.detail).to.match(/no golden entry/);
    const diff = lines(verdict.diff);
    expect(
      diff.every((l) => l.startsWith('+ ')),
      verdict.diff,
    ).to.equal(true);
    expect(diff.some((l) => l.startsWith('+ markTenantFailed('))).to.equal(true);
  });

  describe('work left open at the close is a finding, even when the golden matches', () => {
    const open = ['activity sendWelcomeEmail (event 40)'];

    it('the observation equals the golden but for openAtClose: work-left-open, naming the work', () => {
      const golden = step3();
      const verdict = judge({ ...observation(golden.tasks), openAtClose: open }, golden);
      expect(verdict.outcome).to.equal('work-left-open');
      expect(verdict.detail).to.include('activity sendWelcomeEmail (event 40)');
    });

    it('a golden that records the same open work does not make it pass', () => {
      const golden = step3();
      const verdict = judge({ ...observation(golden.tasks), openAtClose: open }, { ...golden, openAtClose: open });
      expect(verdict.outcome).to.equal('work-left-open');
    });

    it('with no golden entry, too', () => {
      expect(judge({ ...observation(step3().tasks), openAtClose: open }, undefined).outcome).to.equal('work-left-open');
    });

    it('is a regression (exit 1), like every finding about the workflow code', () => {
      expect(isFinding('work-left-open')).to.equal(true);
      expect(isRegression('work-left-open')).to.equal(true);
    });
  });

  describe('an observation with an error is that outcome whatever the golden says', () => {
    const cases: Array<'stuck' | 'nondeterministic' | 'workflow-task-failed'> = [
      'stuck',
      'nondeterministic',
      'workflow-task-failed',
    ];
    for (const outcome of cases) {
      it(`${outcome}, with a matching golden, a mismatching one, and none`, () => {
        const golden = step3();
        const message = `the replay ended: ${outcome} (test)`;
        const matching: Observation = {
          tasks: golden.tasks,
          close: golden.close,
          rounds: 2,
          error: { outcome, message },
        };
        const mismatching: Observation = { tasks: [], rounds: 1, error: { outcome, message } };
        for (const [obs, expected] of [
          [matching, golden],
          [mismatching, golden],
          [mismatching, undefined],
          [matching, { ...golden, error: outcome }],
        ] as Array<[Observation, GoldenEntry | undefined]>) {
          const verdict = judge(obs, expected);
          expect(verdict.outcome).to.equal(outcome);
          expect(verdict.detail).to.equal(message);
        }
      });
    }
  });

  it('a path cut short at an answer the tool does not know: a finding when it has already left the golden path, could-not-run while it still follows it', () => {
    const golden = step3();
    const stop = {
      outcome: 'could-not-run' as const,
      message: 'activity lookup returned a value when recorded …',
      unanswered: true as const,
    };
    const same = judge({ tasks: golden.tasks.slice(0, 1), error: stop, rounds: 2 }, golden);
    expect(same).to.deep.equal({ outcome: 'could-not-run', detail: stop.message });
    const other: ObservedCommand = { activity: 'chargeAgain', args: [], options: sagaOptions() };
    const left = judge({ tasks: [[other]], error: stop, rounds: 2 }, golden);
    expect(left.outcome).to.equal('unexpected-commands');
    expect(left.detail).to.include('before the path stops (activity lookup returned a value');
    expect(left.diff).to.include('+ chargeAgain()');
    const crashed = judge(
      { tasks: [[other]], error: { outcome: 'could-not-run', message: 'core refused the rewrite' }, rounds: 2 },
      golden,
    );
    expect(crashed.outcome, 'only a stop at an unknown answer: any other could-not-run stays one').to.equal(
      'could-not-run',
    );
  });

  it('a golden recording an error but an observation without one is not compensated', () => {
    const golden = step3();
    const verdict = judge(observation(golden.tasks), { ...golden, error: 'stuck' });
    expect(verdict.outcome).to.equal('unexpected-commands');
  });
});

describe('isFinding and isRegression', () => {
  const table: Record<Outcome, { finding: boolean; regression: boolean }> = {
    compensated: { finding: false, regression: false },
    'not-applicable': { finding: false, regression: false },
    'unexpected-commands': { finding: true, regression: true },
    'law-broken': { finding: true, regression: true },
    nondeterministic: { finding: true, regression: true },
    'workflow-task-failed': { finding: true, regression: true },
    'work-left-open': { finding: true, regression: true },
    stuck: { finding: true, regression: true },
    'could-not-run': { finding: true, regression: false },
  };

  it('the table covers every outcome', () => {
    expect([...OUTCOMES].sort()).to.deep.equal(Object.keys(table).sort());
  });

  it('compensated and not-applicable pass; could-not-run fails but is no regression (exit 2, not 1)', () => {
    for (const outcome of OUTCOMES) {
      expect(isFinding(outcome), `${outcome} finding`).to.equal(table[outcome].finding);
      expect(isRegression(outcome), `${outcome} regression`).to.equal(table[outcome].regression);
    }
  });
});

describe('outcomeOfReplayError', () => {
  it("core rejecting the history itself is could-not-run, never a crash of the team's code", () => {
    expect(outcomeOfReplayError('replay-failed')).to.equal('could-not-run');
    expect(outcomeOfReplayError('workflow-task-failed')).to.equal('workflow-task-failed');
    expect(outcomeOfReplayError('nondeterministic')).to.equal('nondeterministic');
  });
});

describe('expectationOf', () => {
  it('keeps tasks and close, drops rounds, the path and the invented results', () => {
    const golden = step3();
    expect(
      expectationOf({ tasks: golden.tasks, close: golden.close, rounds: 7, path: [], invented: ['x'] }),
    ).to.deep.equal({
      tasks: golden.tasks,
      close: golden.close,
    });
  });

  it('has no close key when nothing closed', () => {
    const expectation = expectationOf({ tasks: [[{ timer: '1' }]], rounds: 1 });
    expect(expectation).to.deep.equal({ tasks: [[{ timer: '1' }]] });
    expect(Object.keys(expectation)).to.deep.equal(['tasks']);
  });

  it('keeps the work left open at the close', () => {
    const golden = step3();
    expect(
      expectationOf({ tasks: golden.tasks, close: golden.close, openAtClose: ['timer 1 (event 9)'], rounds: 2 }),
    ).to.deep.equal({
      tasks: golden.tasks,
      close: golden.close,
      openAtClose: ['timer 1 (event 9)'],
    });
  });

  it('records an error as its outcome name only, not its message', () => {
    expect(
      expectationOf({
        tasks: [],
        rounds: 3,
        error: { outcome: 'nondeterministic', message: 'TMPRL1100 nondeterminism at event 23' },
      }),
    ).to.deep.equal({ tasks: [], error: 'nondeterministic' });
  });
});

describe('golden files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'judge-golden-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('goldenPathFor puts the golden file beside the history', () => {
    expect(goldenPathFor('histories/x/happy.json')).to.equal('histories/x/happy.faults.json');
  });

  it("goldenPathFor under a golden dir keeps the history's path from the working directory", () => {
    expect(goldenPathFor('histories/x/happy.json', 'golden')).to.equal('golden/histories/x/happy.faults.json');
    expect(goldenPathFor('histories/x/happy.json', '/tmp/g')).to.equal('/tmp/g/histories/x/happy.faults.json');
    expect(
      goldenPathFor(resolve('histories/x/happy.json'), 'golden'),
      'an absolute path under the working directory',
    ).to.equal('golden/histories/x/happy.faults.json');
  });

  it('goldenPathFor under a golden dir keeps two histories of the same name apart', () => {
    const a = goldenPathFor('histories/team-a/happy.json', 'golden');
    const b = goldenPathFor('histories/team-b/happy.json', 'golden');
    expect(a).to.not.equal(b);
    expect([a, b]).to.deep.equal([
      'golden/histories/team-a/happy.faults.json',
      'golden/histories/team-b/happy.faults.json',
    ]);
  });

  it('goldenPathFor of a history outside the working directory stays inside the golden dir', () => {
    const outside = resolve(process.cwd(), '..', 'elsewhere', 'happy.json');
    const path = goldenPathFor(outside, 'golden');
    expect(path.startsWith('golden/'), path).to.equal(true);
    expect(path.endsWith('elsewhere/happy.faults.json'), path).to.equal(true);
    expect(path).to.not.equal(goldenPathFor('histories/elsewhere/happy.json', 'golden'));
  });

  it('writeGolden then readGolden gives back the same golden file (the committed one as the sample)', () => {
    const golden = committedGolden();
    const path = join(dir, 'nested', 'deeper', 'happy.faults.json');
    writeGolden(path, golden);
    expect(readGolden(path, OWNER)).to.deep.equal(golden);
  });

  it('writeGolden writes 2-space JSON ending in a newline, as committed', () => {
    const path = join(dir, 'happy.faults.json');
    writeGolden(path, committedGolden());
    expect(readFileSync(path, 'utf8')).to.equal(readFileSync(GOLDEN, 'utf8'));
  });

  it('the committed golden names its workflow type and workflow id', () => {
    const { workflowType, workflowId } = committedGolden();
    expect({ workflowType, workflowId }).to.deep.equal({
      workflowType: OWNER.workflowType,
      workflowId: OWNER.workflowId,
    });
  });

  it('readGolden refuses the golden of another workflow type, naming the file and --update', () => {
    const path = join(dir, 'happy.faults.json');
    writeGolden(path, committedGolden());
    const other: GoldenOwner = {
      file: 'histories/billing/happy.json',
      workflowType: 'chargeCustomer',
      workflowId: 'provision-acme-happy',
    };
    expect(() => readGolden(path, other)).to.throw(Error, path);
    expect(() => readGolden(path, other)).to.throw(
      /belongs to workflow provisionTenant .*not to histories\/billing\/happy\.json \(chargeCustomer/,
    );
    expect(() => readGolden(path, other)).to.throw(/--update/);
  });

  it('readGolden refuses the golden of another workflow id of the same type', () => {
    const path = join(dir, 'happy.faults.json');
    writeGolden(path, committedGolden());
    const other: GoldenOwner = {
      ...OWNER,
      file: 'histories/tenant-provisioning/other.json',
      workflowId: 'provision-other',
    };
    expect(() => readGolden(path, other)).to.throw(Error, path);
    expect(() => readGolden(path, other)).to.throw(/provision-acme-happy/);
  });

  it('readGolden of a golden with no workflow id (written before ids were kept) checks the workflow type only', () => {
    const path = join(dir, 'happy.faults.json');
    const { workflowId: _id, ...withoutId } = committedGolden();
    writeGolden(path, withoutId);
    expect(readGolden(path, { ...OWNER, workflowId: 'any-id' })).to.deep.equal(withoutId);
    expect(() => readGolden(path, { ...OWNER, workflowType: 'other' })).to.throw(Error, path);
  });

  it('readGolden of a missing file is undefined', () => {
    expect(readGolden(join(dir, 'absent.faults.json'), OWNER)).to.equal(undefined);
  });

  it('readGolden of invalid JSON throws an error naming the path', () => {
    const path = join(dir, 'broken.faults.json');
    writeFileSync(path, '{"history": "happy.json", "scenarios": [');
    expect(() => readGolden(path, OWNER)).to.throw(Error, path);
    expect(() => readGolden(path, OWNER)).to.throw(/not valid JSON/);
  });

  it('readGolden of JSON without a scenarios array throws an error naming the path', () => {
    const path = join(dir, 'empty.faults.json');
    writeFileSync(path, '{"history": "happy.json"}');
    expect(() => readGolden(path, OWNER)).to.throw(Error, `${path}: golden file has no "scenarios" array`);
  });

  it('findEntry finds a scenario by step, activity type and fault', () => {
    const golden = committedGolden();
    expect(findEntry(golden, 3, 'applyTenantMigrations', 'activity-failed')).to.deep.equal(step3());
    expect(findEntry(golden, 3, 'createTenantRecord', 'activity-failed')).to.equal(undefined);
    expect(findEntry(golden, 3, 'applyTenantMigrations', 'other-fault')).to.equal(undefined);
    expect(findEntry(undefined, 3, 'applyTenantMigrations', 'activity-failed')).to.equal(undefined);
  });
});
