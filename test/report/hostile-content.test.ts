import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import type { Report } from '../../src/report/model';
import { ROOT } from '../support/check-cli';
import { junitSchemaErrors } from '../support/junit-schema';
import { scratchDir } from '../support/scratch';

/** Per file name, happy.json with its createTenantSchema renamed, in `dir/histories/`, checked from `dir` with every report and --repro. */
function checkHostile(dir: string, histories: Record<string, string>): SpawnSyncReturns<string> {
  mkdirSync(join(dir, 'histories'));
  for (const [name, activityType] of Object.entries(histories)) {
    const happy = JSON.parse(readFileSync(join(ROOT, 'histories/tenant-provisioning/happy.json'), 'utf8')) as {
      events: Array<Record<string, { activityType?: { name: string } }>>;
    };
    const scheduled = happy.events.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createTenantSchema',
    )!;
    scheduled.activityTaskScheduledEventAttributes.activityType!.name = activityType;
    writeFileSync(join(dir, 'histories', name), JSON.stringify(happy));
  }
  const args = [
    'check',
    '--workflows',
    join(ROOT, 'test/fixtures/saga-variants/forward-order.ts'),
    '--histories',
    'histories',
    '--spec',
    join(ROOT, 'histories/tenant-provisioning/provisionTenant.saga.json'),
    '--faults',
    'activity-failed',
    '--workers',
    '1',
    '--json',
    'r.json',
    '--junit',
    'r.xml',
    '--markdown',
    'r.md',
    '--html',
    'r.html',
    '--repro',
    'repro',
    '--annotations',
  ];
  const { GITHUB_ACTIONS: _unset, ...env } = process.env;
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/fault-replay.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240_000,
    env,
  });
  expect(run.error).to.equal(undefined);
  return run;
}

/**
 * Histories whose file name and activity type were written by an attacker (items 2–7 of issue 30):
 * derived from the recorded happy.json, its createTenantSchema renamed. The name and type reach
 * every output: the recorded replay is nondeterministic at that step (core names both types) and
 * every later scenario is a finding, so the terminal, problem lines, annotations, JUnit, Markdown
 * and --repro all carry them. A second history's activity type climbs out of the --repro folder.
 */
describe('hostile names and messages from a history are data in every output (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  let outside: string;
  let run: SpawnSyncReturns<string>;
  let report: Report;
  const marker = 'PWNED';

  // No '/' here, and short: the old code wrote its --repro file under a folder named by the type (not there), and failed on a name over 255 bytes.
  const hostileType = [
    'evil\n::set-output name=pwned::yes\n  ::add-mask::secret\r# CR heading\r',
    '![p](p.png) [l](e.x) <https:e.x> www.e.x a@e.x <script>x<img src=x onerror=y> `c` |',
    '\x1b[31mred\x1b[0m\x07 ##[set-output name=x;]y $(touch PWNED)',
  ].join('');
  const climbing = (to: string) => `/../../../../../../../../../../..${to}/ESCAPED`;
  const hostileName = `happy\n::set-output name=file::pwned\ntouch ${marker}\n\r## heading by name\x1b[2J <img src=x>.json`;

  before(() => {
    dir = scratchDir('hostile-');
    outside = scratchDir('hostile-outside-');
    run = checkHostile(dir, {
      [hostileName]: 'createTenantSchema',
      'type.json': hostileType,
      'climbing.json': climbing(outside),
    });
    expect(existsSync(join(dir, 'r.json')), run.stderr).to.equal(true);
    report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('the run ends as a run with findings (exit 1), no stack trace; the JSON report keeps the names as they are', () => {
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stderr + run.stdout).not.to.match(/\n\s+at .+:\d+/);
    expect(report.histories.map((h) => h.file)).to.deep.equal(
      ['climbing.json', hostileName, 'type.json'].map((name) => join('histories', name)).sort(),
    );
    expect(report.histories[2].scenarios.map((s) => s.activityType)).to.include(hostileType);
  });

  it("stdout and stderr: no line is a workflow command but the tool's own ::error / ::notice, each properly escaped", () => {
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

  it("the Markdown renders no heading, image, link or HTML from the history: only the tool's own headings", () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(readFileSync(join(dir, 'r.md'), 'utf8'));
    expect(html).not.to.match(/<(script|img|a|h1|h4|h5|h6)[\s>]/);
    const headings = html.match(/<h\d>[^<]*<\/h\d>/g)!;
    expect(headings).to.have.length(3);
    expect(headings[0]).to.equal('<h2>fault-replay: regressions found</h2>');
    expect(headings[1]).to.match(/^<h3>Findings \(\d+ distinct findings?\)<\/h3>$/);
    expect(headings[2]).to.equal('<h3>Matrix</h3>');
    expect(html).to.include('&lt;script&gt;x&lt;img');
  });

  it('the HTML page has no element, attribute or script from the history: its names are text, escaped', () => {
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).not.to.match(/<(script|img|a\s+href="[^#]|iframe|object|embed|link|meta\s+http-equiv="refresh")/i);
    expect(html).to.include('&lt;script&gt;x&lt;img src=x onerror=y&gt;');
    expect(html).to.include('happy\\n::set-output name=file::pwned');
    expect(html).not.to.match(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('--repro: every file inside its folder (a type climbing out with ../ included), none outside', () => {
    const findings = report.histories.flatMap((h) => h.scenarios.filter((s) => s.repro));
    expect(findings.length).to.be.greaterThan(0);
    expect(readdirSync(join(dir, 'repro')).sort()).to.deep.equal(
      [...findings.map((s) => s.repro!.replace(/^repro\//, '')), 'repro.sh'].sort(),
    );
    expect(readdirSync(outside)).to.deep.equal([]);
  });

  it('repro.sh runs exactly its own commands: the "touch" in a file name or type never runs', () => {
    const findings = report.histories.flatMap((h) => h.scenarios.filter((s) => s.repro));
    // node and npx replaced by stubs that log their calls: the script is parsed and run, nothing replayed.
    const stubs = join(dir, 'stubs');
    mkdirSync(stubs);
    for (const name of ['node', 'npx']) {
      writeFileSync(join(stubs, name), `#!/bin/sh\necho ${name} >> "${join(dir, 'calls.log')}"\n`);
      chmodSync(join(stubs, name), 0o755);
    }
    const sh = spawnSync('sh', [join(dir, 'repro', 'repro.sh')], {
      cwd: outside,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${stubs}:${process.env.PATH}` },
    });
    for (const place of [dir, outside, ROOT, resolve(dir, 'repro')])
      expect(existsSync(join(place, marker)), `${marker} made in ${place}`).to.equal(false);
    expect(sh.status, sh.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n')).to.have.length(2 * findings.length);
  });
});

describe('a NUL in an activity type, with --repro: the run goes on and writes every report (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  let run: SpawnSyncReturns<string>;
  before(() => {
    dir = scratchDir('hostile-nul-');
    run = checkHostile(dir, { 'happy.json': 'create\x00Schema' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 1 (the findings), the reports written, the repro file named without the NUL', async () => {
    expect(run.status, run.stderr).to.equal(1);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    const repros = report.histories[0].scenarios.flatMap((s) => (s.repro ? [s.repro] : []));
    expect(repros).to.include('repro/happy.step-2-create_Schema.activity-failed.json');
    expect(readdirSync(join(dir, 'repro')).sort()).to.deep.equal(
      [...repros.map((r) => r.replace(/^repro\//, '')), 'repro.sh'].sort(),
    );
    expect(await junitSchemaErrors(readFileSync(join(dir, 'r.xml'), 'utf8'))).to.deep.equal([]);
    expect(run.stdout).to.include('create\\x00Schema');
  });
});
