import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { formatChaosAnnotations } from '../../src/chaos/reporters/annotations';
import { formatChaosJunit } from '../../src/chaos/reporters/junit';
import { formatChaosMarkdown } from '../../src/chaos/reporters/markdown';
import { CHAOS_REPORTERS } from '../../src/chaos/reporters/registry';
import { formatChaosMatrix } from '../../src/chaos/report-matrix';
import type { ChaosResult } from '../../src/chaos/run';
import { junitSchemaErrors } from '../support/junit-schema';

/** Names a hostile history or world could carry: markup, table pipes, a line end, a workflow command. */
const HOSTILE = 'step</testcase><x>|*a*|\n::error::owned';

function result(outcomes: Array<ChaosResult['scenarios'][number]['outcome']>): ChaosResult {
  const scenarios = outcomes.map((outcome, i) => ({
    step: i + 1,
    activityType: i === 0 ? HOSTILE : `step${i + 1}`,
    fault: 'fail',
    outcome,
    differences: outcome === 'clean' ? [] : ['+ tenants.acme: {"name":"```"}'],
  }));
  const counts = {
    clean: 0,
    orphan: 0,
    'not-idempotent': 0,
    'not-absorbed': 0,
    stuck: 0,
    'workflow-task-failed': 0,
    'could-not-run': 0,
  };
  for (const s of scenarios) counts[s.outcome] += 1;
  return {
    workflowType: 'wf',
    allow: [],
    faults: ['fail'],
    happy: {
      steps: scenarios.map((s) => ({ index: s.step, activityType: s.activityType })) as never,
      close: { status: 'completed' } as never,
    },
    scenarios,
    counts,
    problems: [],
    exitCode: outcomes.some((o) => o !== 'clean' && o !== 'could-not-run') ? 1 : 0,
  };
}

describe('chaos reporters (units)', () => {
  it('one registry of the same kinds as check, each wanted by the same flag', () => {
    expect(CHAOS_REPORTERS.map((k) => k.name)).to.deep.equal([
      'terminal',
      'problems',
      'json',
      'junit',
      'markdown',
      'annotations',
    ]);
    const io = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, env: {}, now: () => 0 };
    expect(CHAOS_REPORTERS.filter((k) => k.wanted({}, io)).map((k) => k.name)).to.deep.equal(['terminal', 'problems']);
    expect(
      CHAOS_REPORTERS.filter((k) => k.wanted({}, { ...io, env: { GITHUB_ACTIONS: 'true' } })).map((k) => k.name),
    ).to.include('annotations');
  });

  it('JUnit: valid, a finding is a failure, could-not-run an error, clean passes; a hostile name is text', async () => {
    const xml = formatChaosJunit(result(['orphan', 'clean', 'could-not-run']));
    expect(await junitSchemaErrors(xml)).to.deep.equal([]);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { failures: string; errors: string; testsuite: { testcase: Array<Record<string, unknown>> } };
    };
    expect([parsed.testsuites.failures, parsed.testsuites.errors]).to.deep.equal(['1', '1']);
    const cases = parsed.testsuites.testsuite.testcase;
    expect(cases[0].name).to.equal(`step 1 ${HOSTILE} × fail`);
    expect(Object.keys(cases[0])).to.include('failure');
    expect(Object.keys(cases[1])).not.to.include('failure');
    expect(Object.keys(cases[2])).to.include('error');
  });

  it('Markdown: a hostile name cannot open a tag, split the table or a line; a difference with backticks stays in its fence', () => {
    const markdown = formatChaosMarkdown(result(['orphan', 'clean']));
    const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
    expect(tokens.some((t) => t.type.startsWith('html'))).to.equal(false);
    expect(tokens.filter((t) => t.type === 'tr_open')).to.have.length(3); // the head and one row per step
    expect(tokens.filter((t) => t.type === 'td_open')).to.have.length(6); // step, type, one fault: the name's pipes split nothing
    const fence = tokens.find((t) => t.type === 'fence');
    expect(fence?.content).to.equal('+ tenants.acme: {"name":"```"}\n');
    expect(markdown).to.match(/^## fault-replay chaos: findings$/m);
  });

  it('annotations: one ::error per finding, a hostile name never starts a second command', () => {
    const text = formatChaosAnnotations(result(['orphan', 'clean', 'not-idempotent']));
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).to.have.length(2);
    expect(lines.filter((l) => l.startsWith('::'))).to.have.length(3);
    expect(lines).to.have.length(3);
  });

  it('the same result gives the same bytes', () => {
    expect(formatChaosMarkdown(result(['orphan']))).to.equal(formatChaosMarkdown(result(['orphan'])));
    expect(formatChaosJunit(result(['orphan']))).to.equal(formatChaosJunit(result(['orphan'])));
  });

  it('the terminal matrix: a hostile name or message stays on its line and never starts a CI workflow command', () => {
    const hostile = result(['orphan', 'clean']);
    hostile.scenarios[0].detail = 'boom\n::add-mask::secret\x1b[31m';
    hostile.scenarios[0].differences = ['+ rows: "x"\n::error::owned'];
    const text = formatChaosMatrix(hostile);
    expect(text.split('\n').filter((line) => /^\s*::/.test(line))).to.deep.equal([]);
    expect(text).not.to.include('\x1b');
    expect(text).to.include('boom\\n::add-mask::secret\\e[31m'); // one line: the command is inert text
  });
});
