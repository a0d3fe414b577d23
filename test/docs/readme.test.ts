/**
 * The README and docs/ say what the tool does: the README's example runs and prints exactly what it
 * shows; every `fault-replay` command line in them names a real command and only its real flags;
 * the `--help` examples run as shown (in a copy of the examples and histories they name).
 */
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli';
import { ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const BIN = join(ROOT, 'bin', 'fault-replay.js');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

function run(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, GITHUB_ACTIONS: '' },
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Shell words of one command line (quotes kept apart, no expansion). */
function words(line: string): string[] {
  return (line.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^['"]|['"]$/g, ''));
}

/** Every `fault-replay …` command in a code block or an indented block, continuation lines joined. */
function commandLines(text: string): Array<{ line: string }> {
  const found: Array<{ line: string }> = [];
  const joined = text.replace(/\\\n\s*/g, ' ');
  for (const raw of joined.split('\n')) {
    const match = /(?:^\s*(?:\$ )?|&& |\( *)(?:npx )?fault-replay (\w+)(.*)$/.exec(raw);
    if (match && /^\s{2,}|^\$|^\s*npx|^\s*fault-replay/.test(raw)) found.push({ line: `${match[1]}${match[2]}` });
  }
  return found;
}

function flagsOf(command: Command): Set<string> {
  return new Set(
    command.options
      .flatMap((option) => [option.long, option.short].filter((f): f is string => Boolean(f)))
      .concat(['--help', '-h']),
  );
}

describe('the README and docs/ as a user reads them', function () {
  this.timeout(600_000);

  it('the README opens with a command and exactly the output it prints', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```console\n\$ npx fault-replay (.+)\n([\s\S]*?)```/.exec(readme);
    expect(block, 'a console block with the command first').to.not.equal(null);
    const shown = block![2];
    const ran = run(words(block![1]));
    expect(ran.stdout).to.equal(shown);
    expect(ran.status).to.equal(1);
    expect(readme.split('\n').length, 'the README stays short').to.be.at.most(250);
  });

  it('every fault-replay command line names a real command and only its flags', () => {
    const program = buildProgram();
    const checked: string[] = [];
    for (const file of DOCS) {
      for (const { line } of commandLines(readFileSync(join(ROOT, file), 'utf8'))) {
        const [name, ...rest] = words(line);
        const command = program.commands.find((c) => c.name() === name);
        if (name === 'version' || line.startsWith('--version')) continue;
        expect(command, `${file}: fault-replay ${name}`).to.not.equal(undefined);
        const known = flagsOf(command!);
        for (const flag of rest.filter((word) => /^--?[a-z]/.test(word)).map((word) => word.replace(/=.*$/, ''))) {
          expect(known.has(flag), `${file}: fault-replay ${name} … ${flag}`).to.equal(true);
        }
        checked.push(`${file}: ${name}`);
      }
    }
    expect(checked.length).to.be.greaterThan(10);
  });

  it('the --help examples of check, spec and replay run as shown (from a copy of what they name)', () => {
    const dir = scratchDir('docs-examples-');
    try {
      for (const folder of ['examples', 'histories'])
        cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
      const program = buildProgram();
      for (const name of ['check', 'spec', 'replay']) {
        let help = '';
        program.commands
          .find((c) => c.name() === name)!
          .configureOutput({ writeOut: (text) => (help += text) })
          .outputHelp();
        const examples = [...help.matchAll(/^ {2}\$ fault-replay (.+)$/gm)].map((m) => words(m[1]));
        expect(examples.length, name).to.be.greaterThan(0);
        for (const args of examples) {
          const ran = run(args, dir);
          expect([0, 1], `fault-replay ${args.join(' ')}: ${ran.stderr}`).to.include(ran.status);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
