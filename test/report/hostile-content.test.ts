import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import type { Report } from '../../src/report/model';
import { ROOT } from '../support/check-cli';
import { junitSchemaErrors } from '../support/junit-schema';
import { scratchDir } from '../support/scratch';

/** happy.json with its createTenantSchema renamed `activityType`, as `dir/histories/<name>`, checked from `dir` with every report and --repro. */
function checkHostile(dir: string, name: string, activityType: string): SpawnSyncReturns<string> {
  const happy = JSON.parse(readFileSync(join(ROOT, 'histories/tenant-provisioning/happy.json'), 'utf8')) as { events: Array<Record<string, { activityType?: { name: string } }>> };
  const scheduled = happy.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createTenantSchema')!;
  scheduled.activityTaskScheduledEventAttributes.activityType!.name = activityType;
  mkdirSync(join(dir, 'histories'));
  writeFileSync(join(dir, 'histories', name), JSON.stringify(happy));
  const args = [
    'check', '--workflows', join(ROOT, 'test/fixtures/saga-variants/forward-order.ts'), '--histories', 'histories',
    '--spec', join(ROOT, 'histories/tenant-provisioning/provisionTenant.saga.json'), '--faults', 'activity-failed', '--workers', '1',
    '--json', 'r.json', '--junit', 'r.xml', '--markdown', 'r.md', '--repro', 'repro', '--annotations',
  ];
  const { GITHUB_ACTIONS: _unset, ...env } = process.env;
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/fault-replay.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 240_000, env });
  expect(run.error).to.equal(undefined);
  return run;
}

/**
 * A history whose file name and activity type were written by an attacker (item 2–7 of issue 30):
 * derived from the recorded happy.json, its createTenantSchema renamed. The name and type reach
 * every output: the recorded replay is nondeterministic at that step (core names both types) and
 * every later scenario is a finding, so the terminal, problem lines, annotations, JUnit, Markdown
 * and --repro all carry them.
 */
describe('hostile names and messages from a history are data in every output (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  let outside: string;
  let run: SpawnSyncReturns<string>;
  let report: Report;
  const marker = 'PWNED';

  const hostileType = (escapeTo: string) =>
    [
      'evil\n::set-output name=pwned::yes',
      '\n  ::add-mask::secret\r# heading by CR\r',
      '![pixel](https://evil.example/p.png) [link](https://evil.example) <https://evil.example> www.evil.example ops@evil.example',
      '<script>alert(1)</script><img src=x onerror=alert(1)> `code` | cell',
      '\x1b[31mred\x1b[0m \x07bell ##[set-output name=x;]y',
      `$(touch ${marker}) /../../../../../../../../..${escapeTo}/ESCAPED`,
    ].join('');
  const hostileName = `happy\n::set-output name=file::pwned\ntouch ${marker}\n\r## heading by name\x1b[2J.json`;

  before(() => {
    dir = scratchDir('hostile-');
    outside = scratchDir('hostile-outside-');
    run = checkHostile(dir, hostileName, hostileType(outside));
    report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('the run ends as a run with findings (exit 1), no stack trace; the JSON report keeps the names as they are', () => {
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stderr + run.stdout).not.to.match(/\n\s+at .+:\d+/);
    expect(report.histories.map((h) => h.file)).to.deep.equal([join('histories', hostileName)]);
    expect(report.histories[0].scenarios.map((s) => s.activityType)).to.include(hostileType(outside));
  });

  it('stdout and stderr: no line is a workflow command but the tool\'s own ::error / ::notice, each properly escaped', () => {
    const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/);
    const commands = lines.filter((line) => /^\s*::/.test(line));
    expect(commands.length).to.be.greaterThan(1);
    for (const line of commands) {
      const parsed = /^::(error|notice) ([^:]*)::(.*)$/.exec(line);
      expect(parsed, line).to.not.equal(null);
      // Properties: key=value, comma-separated; a value holds no raw ':' or ','.
      for (const property of parsed![2].split(',')) expect(property, line).to.match(/^(file|line|col|title)=[^:,]*$/);
    }
    expect(lines.filter((line) => line.includes('##['))).to.deep.equal([]);
    expect(lines.some((line) => line.includes('\x1b') || line.includes('\x07'))).to.equal(false);
  });

  it('the JUnit file is well-formed and valid against the JUnit schema (ESC and BEL escaped)', async () => {
    const junit = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(await junitSchemaErrors(junit)).to.deep.equal([]);
    expect(junit).to.include('\\u001b[31mred');
  });

  it('the Markdown renders no heading, image, link or HTML from the history: only the tool\'s own headings', () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(readFileSync(join(dir, 'r.md'), 'utf8'));
    expect(html).not.to.match(/<(script|img|a|h1|h4|h5|h6)[\s>]/);
    const headings = html.match(/<h\d>[^<]*<\/h\d>/g)!;
    expect(headings).to.have.length(3);
    expect(headings[0]).to.equal('<h2>fault-replay: regressions found</h2>');
    expect(headings[1]).to.match(/^<h3>Findings \(\d+ distinct findings?\)<\/h3>$/);
    expect(headings[2]).to.equal('<h3>Matrix</h3>');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('--repro: every file inside the folder, none outside; repro.sh runs exactly its own commands (the name\'s "touch" does not run)', () => {
    const files = readdirSync(join(dir, 'repro'));
    const findings = report.histories[0].scenarios.filter((s) => s.repro);
    expect(findings.length).to.be.greaterThan(0);
    expect(files.sort()).to.deep.equal([...findings.map((s) => s.repro!.replace(/^repro\//, '')), 'repro.sh'].sort());
    expect(readdirSync(outside)).to.deep.equal([]);
    expect(readFileSync(join(dir, 'repro', 'repro.sh'), 'utf8').split('\n').filter((l) => l.startsWith('touch'))).to.deep.equal([]);
    // node and npx replaced by stubs that log their arguments: the script is parsed, not replayed.
    const stubs = join(dir, 'stubs');
    mkdirSync(stubs);
    for (const name of ['node', 'npx']) {
      writeFileSync(join(stubs, name), `#!/bin/sh\necho ${name} >> "${join(dir, 'calls.log')}"\n`);
      chmodSync(join(stubs, name), 0o755);
    }
    const sh = spawnSync('sh', [join(dir, 'repro', 'repro.sh')], { cwd: outside, encoding: 'utf8', env: { ...process.env, PATH: `${stubs}:${process.env.PATH}` } });
    expect(sh.status, sh.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n')).to.have.length(2 * findings.length);
    for (const place of [dir, outside, ROOT, resolve(dir, 'repro')]) expect(existsSync(join(place, marker)), place).to.equal(false);
  });
});

describe('a NUL in an activity type, with --repro: the run goes on and writes every report (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  let run: SpawnSyncReturns<string>;
  before(() => {
    dir = scratchDir('hostile-nul-');
    run = checkHostile(dir, 'happy.json', 'create\x00Schema');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 1 (the findings), the reports written, the repro file named without the NUL', async () => {
    expect(run.status, run.stderr).to.equal(1);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    const repros = report.histories[0].scenarios.flatMap((s) => (s.repro ? [s.repro] : []));
    expect(repros).to.include('repro/happy.step-2-create_Schema.activity-failed.json');
    expect(readdirSync(join(dir, 'repro')).sort()).to.deep.equal([...repros.map((r) => r.replace(/^repro\//, '')), 'repro.sh'].sort());
    expect(await junitSchemaErrors(readFileSync(join(dir, 'r.xml'), 'utf8'))).to.deep.equal([]);
    expect(run.stdout).to.include('create\\x00Schema');
  });
});
