import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { expectationOf, isFinding, isRegression, judge, OUTCOMES, Outcome, outcomeOfReplayError } from '../../src/judge/judge';
import { GoldenEntry, GoldenFile, findEntry, goldenPathFor, readGolden, writeGolden } from '../../src/judge/golden';
import type { Observation, ObservedCommand } from '../../src/judge/observation';

const GOLDEN = 'histories/tenant-provisioning/happy.faults.json';

/** The committed golden file, read raw (not through readGolden, which is under test below). */
function committedGolden(): GoldenFile {
  return JSON.parse(readFileSync(GOLDEN, 'utf8')) as GoldenFile;
}

/** Step 3 (applyTenantMigrations) of the committed golden: three compensations, then a failed close. */
function step3(): GoldenEntry {
  const entry = committedGolden().scenarios.find((s) => s.step === 3 && s.fault === 'activity-failed');
  if (!entry) throw new Error(`${GOLDEN} has no step-3 activity-failed scenario`);
  return entry;
}

/** The same data as an object literal with every key order reversed, written out by hand. */
function step3Reordered(): Observation {
  return {
    rounds: 4,
    close: {
      failure: ['ActivityFailure: Activity task failed', 'InjectedFailure: injected failure in applyTenantMigrations'],
      status: 'failed',
    },
    commands: [
      { args: [{ tenantId: 'acme' }], activity: 'dropTenantSchema' },
      { args: [{ tenantId: 'acme' }], activity: 'deleteTenantRecord' },
      { args: [{ reason: 'injected failure in applyTenantMigrations', tenantId: 'acme' }], activity: 'markTenantFailed' },
    ],
  };
}

/** An observation with the golden's close unless `close` is given (an explicit `undefined` field means none). */
function observation(commands: ObservedCommand[], ...close: [Observation['close']] | []): Observation {
  return { commands, close: close.length ? close[0] : step3().close, rounds: 1 };
}

function lines(diff: string | undefined): string[] {
  expect(diff, 'a diff').to.be.a('string');
  return diff!.split('\n');
}

describe('judge', () => {
  it('the hand-written fixture has the committed golden content (sanity check)', () => {
    const golden = step3();
    expect(golden.commands.map((c) => ('activity' in c ? c.activity : c.timer))).to.deep.equal([
      'dropTenantSchema',
      'deleteTenantRecord',
      'markTenantFailed',
    ]);
  });

  it('compensated when the observation equals the golden entry, keys in a different order', () => {
    const verdict = judge(step3Reordered(), step3());
    expect(verdict).to.deep.equal({ outcome: 'compensated' });
  });

  it('compensated for the exact same objects, and the golden entry\'s own keys (step, fault…) do not count', () => {
    const golden = step3();
    const verdict = judge({ commands: golden.commands, close: golden.close, rounds: 1 }, golden);
    expect(verdict.outcome).to.equal('compensated');
    expect(verdict.detail).to.equal(undefined);
    expect(verdict.diff).to.equal(undefined);
  });

  it('key order inside args nested deeper does not matter either', () => {
    const expected = { commands: [{ activity: 'x', args: [{ a: { b: 1, c: [{ d: 1, e: 2 }] } }] }] };
    const observed = observation([{ activity: 'x', args: [{ a: { c: [{ e: 2, d: 1 }], b: 1 } }] }], undefined);
    expect(judge(observed, expected).outcome).to.equal('compensated');
  });

  it('a changed argument value is not compensated', () => {
    const observed = step3Reordered();
    (observed.commands[0] as { args: unknown[] }).args = [{ tenantId: 'other' }];
    expect(judge(observed, step3()).outcome).to.equal('unexpected-commands');
  });

  describe('when the commands differ', () => {
    it('a missing compensation: unexpected-commands, and the diff has a "-" line for it', () => {
      const golden = step3();
      const verdict = judge(observation([golden.commands[0], golden.commands[2]]), golden);
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the commands after the fault differ from the golden file');
      const diff = lines(verdict.diff);
      expect(diff.some((l) => /^- .*"activity": "deleteTenantRecord"/.test(l)), verdict.diff).to.equal(true);
      expect(diff.some((l) => /^\+ .*"activity": "deleteTenantRecord"/.test(l)), verdict.diff).to.equal(false);
      expect(diff.some((l) => /^\+ /.test(l)), verdict.diff).to.equal(false);
    });

    it('an activity only in the observation gets a "+" line, the one it replaced a "-" line', () => {
      const golden = step3();
      const commands: ObservedCommand[] = [golden.commands[0], { activity: 'archiveTenant', args: [{ tenantId: 'acme' }] }, golden.commands[2]];
      const verdict = judge(observation(commands), golden);
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.match(/^the commands after the fault differ/);
      const diff = lines(verdict.diff);
      expect(diff.some((l) => /^\+ .*"activity": "archiveTenant"/.test(l)), verdict.diff).to.equal(true);
      expect(diff.some((l) => /^- .*"activity": "deleteTenantRecord"/.test(l)), verdict.diff).to.equal(true);
      expect(diff.some((l) => /^[-+] .*"activity": "dropTenantSchema"/.test(l)), verdict.diff).to.equal(false);
    });

    it('the same activities in another order: unexpected-commands', () => {
      const golden = step3();
      const verdict = judge(observation([golden.commands[1], golden.commands[0], golden.commands[2]]), golden);
      expect(verdict.outcome).to.equal('unexpected-commands');
      expect(verdict.detail).to.equal('the commands after the fault differ from the golden file');
      const diff = lines(verdict.diff);
      expect(diff.some((l) => l.startsWith('- ')), verdict.diff).to.equal(true);
      expect(diff.some((l) => l.startsWith('+ ')), verdict.diff).to.equal(true);
    });

    it('commands differing AND a different close still reports the commands first', () => {
      const verdict = judge(observation([], { status: 'completed', result: null }), step3());
      expect(verdict.detail).to.equal('the commands after the fault differ from the golden file');
    });

    it('a diff line is "<mark> <text>" and unchanged lines are marked with a space', () => {
      const golden = step3();
      const diff = lines(judge(observation([golden.commands[0]]), golden).diff);
      for (const line of diff) expect(line, line).to.match(/^[-+ ] /);
      expect(diff.some((l) => l.startsWith('  ') && l.includes('"dropTenantSchema"'))).to.equal(true);
    });
  });

  it('only the close differs: "the workflow closes differently…", with the two closes in the diff', () => {
    const golden = step3();
    const verdict = judge(observation(golden.commands, { status: 'completed', result: { tenantId: 'acme' } }), golden);
    expect(verdict.outcome).to.equal('unexpected-commands');
    expect(verdict.detail).to.equal('the workflow closes differently from the golden file');
    const diff = lines(verdict.diff);
    expect(diff).to.include('-     "status": "failed"');
    expect(diff.some((l) => /^\+ .*"status": "completed"/.test(l)), verdict.diff).to.equal(true);
    expect(diff.some((l) => /^[-+] .*"activity"/.test(l)), verdict.diff).to.equal(false);
  });

  it('no close observed where the golden has one: closes differently', () => {
    const golden = step3();
    expect(judge(observation(golden.commands, undefined), golden).detail).to.equal('the workflow closes differently from the golden file');
  });

  it('no golden entry: unexpected-commands, telling to run --update, with everything observed as "+"', () => {
    const golden = step3();
    const verdict = judge(observation(golden.commands), undefined);
    expect(verdict.outcome).to.equal('unexpected-commands');
    expect(verdict.detail).to.include('--update');
    expect(verdict.detail).to.match(/no golden entry/);
    const diff = lines(verdict.diff);
    expect(diff.every((l) => l.startsWith('+ ')), verdict.diff).to.equal(true);
    expect(diff.some((l) => l.includes('"markTenantFailed"'))).to.equal(true);
  });

  describe('an observation with an error is that outcome whatever the golden says', () => {
    const cases: Array<'stuck' | 'nondeterministic' | 'workflow-task-failed'> = ['stuck', 'nondeterministic', 'workflow-task-failed'];
    for (const outcome of cases) {
      it(`${outcome}, with a matching golden, a mismatching one, and none`, () => {
        const golden = step3();
        const message = `the replay ended: ${outcome} (test)`;
        const matching: Observation = { commands: golden.commands, close: golden.close, rounds: 2, error: { outcome, message } };
        const mismatching: Observation = { commands: [], rounds: 1, error: { outcome, message } };
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

  it('a golden recording an error but an observation without one is not compensated', () => {
    const golden = step3();
    const verdict = judge(observation(golden.commands), { ...golden, error: 'stuck' });
    expect(verdict.outcome).to.equal('unexpected-commands');
  });
});

describe('isFinding and isRegression', () => {
  const table: Record<Outcome, { finding: boolean; regression: boolean }> = {
    compensated: { finding: false, regression: false },
    'not-applicable': { finding: false, regression: false },
    'unexpected-commands': { finding: true, regression: true },
    nondeterministic: { finding: true, regression: true },
    'workflow-task-failed': { finding: true, regression: true },
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
  it('core rejecting the history itself is could-not-run, never a crash of the team\'s code', () => {
    expect(outcomeOfReplayError('replay-failed')).to.equal('could-not-run');
    expect(outcomeOfReplayError('workflow-task-failed')).to.equal('workflow-task-failed');
    expect(outcomeOfReplayError('nondeterministic')).to.equal('nondeterministic');
  });
});

describe('expectationOf', () => {
  it('keeps commands and close, drops rounds', () => {
    const golden = step3();
    expect(expectationOf({ commands: golden.commands, close: golden.close, rounds: 7 })).to.deep.equal({
      commands: golden.commands,
      close: golden.close,
    });
  });

  it('has no close key when nothing closed', () => {
    const expectation = expectationOf({ commands: [{ timer: '1' }], rounds: 1 });
    expect(expectation).to.deep.equal({ commands: [{ timer: '1' }] });
    expect(Object.keys(expectation)).to.deep.equal(['commands']);
  });

  it('records an error as its outcome name only, not its message', () => {
    expect(
      expectationOf({ commands: [], rounds: 3, error: { outcome: 'nondeterministic', message: 'TMPRL1100 nondeterminism at event 23' } }),
    ).to.deep.equal({ commands: [], error: 'nondeterministic' });
  });
});

describe('golden files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'judge-golden-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('goldenPathFor puts the golden file beside the history', () => {
    expect(goldenPathFor('histories/x/happy.json', 'happy')).to.equal('histories/x/happy.faults.json');
  });

  it('goldenPathFor puts it in goldenDir when given', () => {
    expect(goldenPathFor('histories/x/happy.json', 'happy', 'golden')).to.equal('golden/happy.faults.json');
    expect(goldenPathFor('histories/x/happy.json', 'happy', '/tmp/g')).to.equal('/tmp/g/happy.faults.json');
  });

  it('writeGolden then readGolden gives back the same golden file (the committed one as the sample)', () => {
    const golden = committedGolden();
    const path = join(dir, 'nested', 'deeper', 'happy.faults.json');
    writeGolden(path, golden);
    expect(readGolden(path)).to.deep.equal(golden);
  });

  it('writeGolden writes 2-space JSON ending in a newline, as committed', () => {
    const path = join(dir, 'happy.faults.json');
    writeGolden(path, committedGolden());
    expect(readFileSync(path, 'utf8')).to.equal(readFileSync(GOLDEN, 'utf8'));
  });

  it('readGolden of a missing file is undefined', () => {
    expect(readGolden(join(dir, 'absent.faults.json'))).to.equal(undefined);
  });

  it('readGolden of invalid JSON throws an error naming the path', () => {
    const path = join(dir, 'broken.faults.json');
    writeFileSync(path, '{"history": "happy.json", "scenarios": [');
    expect(() => readGolden(path)).to.throw(Error, path);
    expect(() => readGolden(path)).to.throw(/not valid JSON/);
  });

  it('readGolden of JSON without a scenarios array throws an error naming the path', () => {
    const path = join(dir, 'empty.faults.json');
    writeFileSync(path, '{"history": "happy.json"}');
    expect(() => readGolden(path)).to.throw(Error, `${path}: golden file has no "scenarios" array`);
  });

  it('findEntry finds a scenario by step, activity type and fault', () => {
    const golden = committedGolden();
    expect(findEntry(golden, 3, 'applyTenantMigrations', 'activity-failed')).to.deep.equal(step3());
    expect(findEntry(golden, 3, 'createTenantRecord', 'activity-failed')).to.equal(undefined);
    expect(findEntry(golden, 3, 'applyTenantMigrations', 'other-fault')).to.equal(undefined);
    expect(findEntry(undefined, 3, 'applyTenantMigrations', 'activity-failed')).to.equal(undefined);
  });
});
