import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpawnSyncReturns } from 'node:child_process';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import type { Report } from '../../src/report/model';
import { scoreOf } from '../../src/report/score';
import { faultReplay } from '../support/check-cli';
import { junitSchemaErrors } from '../support/junit-schema';

const CORPUS = 'histories/tenant-provisioning';
/** Undoes in forward order: law findings on every history, and the recorded failures no longer replay. */
const FORWARD_ORDER = 'test/fixtures/saga-variants/forward-order.ts';
type Node = Record<string, unknown>;
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

describe('reports of a run with findings: JUnit, Markdown, annotations, terminal (real bin)', function () {
  this.timeout(240_000);
  let dir: string;
  let run: SpawnSyncReturns<string>;
  let report: Report;
  let junit: string;
  let markdown: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-reports-'));
    run = faultReplay([
      'check',
      '--workflows',
      FORWARD_ORDER,
      '--histories',
      CORPUS,
      '--json',
      join(dir, 'r.json'),
      '--junit',
      join(dir, 'r.xml'),
      '--markdown',
      join(dir, 'r.md'),
      '--annotations',
      '--faults',
      'activity-failed',
      'retries-exhausted',
    ]);
    expect(run.status, run.stderr).to.equal(1);
    report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    junit = readFileSync(join(dir, 'r.xml'), 'utf8');
    markdown = readFileSync(join(dir, 'r.md'), 'utf8');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the JUnit file validates against the JUnit schema, and a broken one does not', async () => {
    expect(await junitSchemaErrors(junit)).to.deep.equal([]);
    const broken = junit.replace('<testcase classname=', '<testcase nameless="x" classname=');
    expect(await junitSchemaErrors(broken)).to.have.length.greaterThan(0);
  });

  it('JUnit counts match the JSON report: one testcase per scenario (+ one per recorded history), failures = findings', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit) as Node;
    const suites = list((parsed.testsuites as Node).testsuite as Node[]);
    expect(suites.map((s) => s.name)).to.deep.equal(report.histories.map((h) => h.file));
    const cases = suites.flatMap((s) => list(s.testcase as Node[]));
    const scenarios = report.histories.flatMap((h) => h.scenarios);
    expect(cases.length).to.equal(scenarios.length + report.histories.length);
    const findings = scenarios.filter(
      (s) => !['compensated', 'not-applicable', 'could-not-run'].includes(s.outcome),
    ).length;
    const unreplayable = report.histories.filter((h) => !h.replay.ok).length;
    expect(findings).to.be.greaterThan(0);
    expect(cases.filter((c) => c.failure).length).to.equal(findings + unreplayable);
    expect(Number((parsed.testsuites as Node).failures)).to.equal(findings + unreplayable);
    const happy = suites.find((s) => s.name === `${CORPUS}/happy.json`)!;
    const step4 = list(happy.testcase as Node[]).find(
      (c) => c.name === 'step 4 createOwnerMembership × activity-failed',
    )!;
    expect(step4.classname).to.equal(`${CORPUS}/happy.json`);
    expect((step4.failure as Node).message).to.match(/^law-broken: deleteTenantRecord ran before dropTenantSchema/);
    expect((step4.failure as Node)['#text']).to.include('diff (- golden, + observed):');
    const properties = list((happy.properties as Node).property as Node[]);
    const own = scoreOf([report.histories.find((h) => h.file === `${CORPUS}/happy.json`)!]);
    expect(properties.find((p) => p.name === 'fault-score')?.value).to.equal(
      `${own.percent}% (${own.compensated}/${own.applicable})`,
    );
    expect(properties.find((p) => p.name === 'fault-score:run')?.value).to.equal(
      `${report.score.percent}% (${report.score.compensated}/${report.score.applicable})`,
    );
    expect(own.applicable).to.be.lessThan(report.score.applicable);
  });

  it('the Markdown renders: a heading with the verdict, the score, collapsed diffs in fenced diff blocks, a matrix table', () => {
    const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
    expect(tokens.find((t) => t.type === 'heading_open' && t.tag === 'h2')).to.not.equal(undefined);
    expect(markdown).to.match(/^## fault-replay: regressions found$/m);
    expect(markdown).to.include(`**fault score ${report.score.percent}%`);
    const fences = tokens.filter((t) => t.type === 'fence');
    expect(fences.length).to.be.greaterThan(0);
    expect(fences.every((f) => f.info === 'diff')).to.equal(true);
    expect(tokens.filter((t) => t.type === 'html_block' && t.content.startsWith('<details>')).length).to.equal(
      fences.length,
    );
    expect(tokens.filter((t) => t.type === 'table_open').length).to.equal(
      report.histories.filter((h) => h.scenarios.some((s) => s.outcome !== 'compensated')).length,
    );
    const cells = tokens.filter((t) => t.type === 'inline' && /^`[.DLNCOSE-]`$/.test(t.content));
    expect(cells.length).to.equal(
      report.histories.filter((h) => h.scenarios.some((s) => s.outcome !== 'compensated')).flatMap((h) => h.scenarios)
        .length,
    );
    expect(markdown.length).to.be.lessThan(65_000);
  });

  it('annotations: one ::error per distinct finding, at the history file when the finding names no source line', () => {
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('::error '));
    const groups = Number(/^findings: \d+ scenarios, (\d+) distinct findings$/m.exec(run.stdout)![1]);
    const unreplayable = report.histories.filter((h) => !h.replay.ok).length;
    expect(lines).to.have.length(groups + unreplayable);
    for (const line of lines)
      expect(line).to.match(/^::error file=histories\/tenant-provisioning\/[\w-]+\.json,title=[^:]+::\S/);
    expect(run.stdout).to.match(
      /^::notice title=fault score::fault score 33\.33%25 \(32 of 96 applicable scenarios compensated\)$/m,
    );
  });

  it('without --annotations or GITHUB_ACTIONS no workflow command is printed', () => {
    const plain = faultReplay(['check', '--workflows', FORWARD_ORDER, '--histories', `${CORPUS}/happy.json`]);
    expect(plain.status).to.equal(1);
    expect(plain.stdout).not.to.include('::error');
    const onActions = faultReplay(['check', '--workflows', FORWARD_ORDER, '--histories', `${CORPUS}/happy.json`], {
      GITHUB_ACTIONS: 'true',
    });
    expect(onActions.stdout).to.match(/^::error file=/m);
  });

  it('terminal: findings grouped by distinct diff, the law reason said once, labelled diffs after a compact rollback', () => {
    const findings = run.stdout.slice(run.stdout.indexOf('findings:'));
    expect(findings).to.match(/^findings: 64 scenarios, \d+ distinct findings$/m);
    const blocks = findings.split(/\n(?= {2}\[\d+\] )/).slice(1);
    expect(blocks.length).to.be.lessThan(64);
    const shared = blocks.find((b) => /in \d+ scenarios \(.*\):/.test(b));
    expect(shared, 'a block lists the scenarios sharing its diff').to.be.a('string');
    for (const block of blocks.filter((b) => /^ {2}\[\d+\] law-broken/.test(b))) {
      expect(block.split('\n')[0]).to.match(/^ {2}\[\d+\] law-broken$/);
      const lawLines = block.split('\n').filter((line) => line.includes('(law: '));
      expect(new Set(lawLines).size).to.equal(lawLines.length);
      const observed = block.indexOf('      observed: ');
      const diff = block.indexOf('diff (- golden, + observed)');
      if (diff >= 0) expect(observed, block).to.be.within(0, diff);
    }
    expect(run.stdout).to.match(/^ {6}observed: differs between these scenarios \(--verbose shows each\)$/m);
    const verbose = faultReplay([
      'check',
      '--workflows',
      FORWARD_ORDER,
      '--histories',
      `${CORPUS}/happy.json`,
      '--faults',
      'activity-failed',
      '--verbose',
    ]);
    expect(verbose.stdout).to.match(
      /^ {10}observed: deleteTenantRecord\("acme"\) → dropTenantSchema\("acme"\) → markTenantFailed\(…\) → failed InjectedFailure$/m,
    );
  });
});
