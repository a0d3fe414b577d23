import { expect } from 'chai';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src/cli';
import { CHECK_KEYS, engineOptionsOf, REPLAY_KEYS, SPEC_KEYS } from '../../src/cli/engine-flags';
import { SHARD_CHECK_KEYS, shardCheckOptions } from '../../src/model/options';
import { DEFAULTS, maxRoundsOf, processOptions, qualify } from '../../src/qualify';
import type { Scenario } from '../../src/model/scenario';

function command(name: string): Command {
  return buildProgram().commands.find((c) => c.name() === name)!;
}

function optionsOf(name: string): Map<string, Option> {
  return new Map(command(name).options.map((option) => [option.long!, option]));
}

describe('options once: one engine flag group, one reporter flag group, one qualify step', () => {
  it('spec and replay take the engine flags check has, with the same definition (flags, help, parser)', () => {
    const check = optionsOf('check');
    for (const name of ['spec', 'replay']) {
      for (const [flag, option] of optionsOf(name)) {
        const same = check.get(flag);
        if (!same) continue; // a flag of the command's own (--out, --history, --workflow-id)
        expect(
          { flags: option.flags, description: option.description, parse: option.parseArg },
          `${name} ${flag}`,
        ).to.deep.equal({
          flags: same.flags,
          description: same.description,
          parse: same.parseArg,
        });
      }
    }
    expect([...optionsOf('spec').keys()]).to.include.members([
      '--data-converter',
      '--deadline',
      '--workers',
      '--max-rounds',
      '--signal',
    ]);
    expect([...optionsOf('replay').keys()]).to.include.members([
      '--data-converter',
      '--interceptors',
      '--payload-converter',
      '--deadline',
    ]);
  });

  it('check and merge share the reporter flags', () => {
    const check = optionsOf('check');
    for (const flag of ['--json', '--junit', '--markdown', '--html', '--annotations', '--threshold', '--verbose']) {
      expect(optionsOf('merge').get(flag)?.flags, flag).to.equal(check.get(flag)?.flags);
    }
  });

  it('the CLI resolves no engine default: only what the user gave reaches the engine', async () => {
    const check = command('check');
    let given: Record<string, unknown> = {};
    check.action((opts: Record<string, unknown>) => {
      given = engineOptionsOf(opts, CHECK_KEYS);
    });
    await check.parseAsync(['--workflows', 'w.ts', '--histories', 'h', '--deadline', '900'], { from: 'user' });
    expect(given).to.deep.equal({ workflowsPath: 'w.ts', histories: ['h'], deadlineMs: 900 });
  });

  it('one list syntax: --faults a,b is --faults a b is --faults a --faults b (check and chaos alike)', async () => {
    const given = async (...argv: string[]) => {
      const check = command('check');
      let faults: unknown;
      check.action((opts: Record<string, unknown>) => {
        faults = engineOptionsOf(opts, CHECK_KEYS).faults;
      });
      await check.parseAsync(['--workflows', 'w.ts', '--histories', 'h', ...argv], { from: 'user' });
      return faults;
    };
    const both = ['activity-failed', 'retries-exhausted'];
    expect(await given('--faults', 'activity-failed,retries-exhausted')).to.deep.equal(both);
    expect(await given('--faults', 'activity-failed', 'retries-exhausted')).to.deep.equal(both);
    expect(await given('--faults', 'activity-failed', '--faults', 'retries-exhausted')).to.deep.equal(both);
    expect(optionsOf('chaos').get('--faults')?.flags).to.equal('--faults <names...>');
  });

  it('every command’s --help ends with examples and the exit codes', () => {
    for (const name of ['check', 'spec', 'replay', 'merge', 'record', 'chaos', 'capture', 'worker']) {
      let help = '';
      const cmd = command(name).configureOutput({ writeOut: (text) => (help += text) });
      cmd.outputHelp();
      expect(help, name).to.match(/\nExamples:\n {2}\$ (fault-replay|npm run) /);
      expect(help, name).to.include('Exit codes:\n  0  everything as expected\n  1  a regression found');
    }
  });

  it('a shard carries exactly the check options a worker takes as data (no module or file path), none undefined', () => {
    expect(CHECK_KEYS).to.include.members([...SHARD_CHECK_KEYS]);
    expect(
      SPEC_KEYS.every((key) => CHECK_KEYS.includes(key)) && REPLAY_KEYS.every((key) => CHECK_KEYS.includes(key)),
    ).to.equal(true);
    const options = shardCheckOptions({
      workflowsPath: 'w',
      histories: ['h'],
      update: true,
      deadlineMs: undefined,
      faults: ['activity-failed'],
      signal: new AbortController().signal,
    });
    expect(options).to.deep.equal({ histories: ['h'], faults: ['activity-failed'] });
  });

  it('qualify resolves every default once; what the user gave wins', () => {
    const saved = process.env.FAULT_REPLAY_WORKERS;
    process.env.FAULT_REPLAY_WORKERS = '3';
    try {
      expect(qualify({ workflowsPath: 'w', histories: [] })).to.deep.include({
        deadlineMs: DEFAULTS.deadlineMs,
        workers: 3,
        scenariosInFlight: 32,
        update: false,
        laws: true,
        goldens: true,
      });
      expect(
        qualify({ workflowsPath: 'w', histories: [], deadlineMs: 7, workers: 1, laws: false, update: true }),
      ).to.deep.include({
        deadlineMs: 7,
        workers: 1,
        laws: false,
        update: true,
      });
      expect(processOptions({ workers: 0 }).workers, 'never fewer than one worker').to.equal(1);
    } finally {
      if (saved === undefined) delete process.env.FAULT_REPLAY_WORKERS;
      else process.env.FAULT_REPLAY_WORKERS = saved;
    }
    const at = (index: number) => ({ step: { index } }) as unknown as Scenario;
    expect([maxRoundsOf({}, at(3)), maxRoundsOf({}, at(250)), maxRoundsOf({ maxRounds: 5 }, at(250))]).to.deep.equal([
      1000, 2500, 5,
    ]);
  });
});
