import { expect } from 'chai';
import { OUTCOMES, Outcome } from '../../src/model/outcome';
import { CELL } from '../../src/report/cells';
import { htmlText } from '../../src/report/escape';
import { formatHtml } from '../../src/report/html';
import { OUTCOME_COLOUR } from '../../src/report/html-page';
import { withVerdict, JSON_REPORT_VERSION, Report, ReportHistory, ReportScenario } from '../../src/report/model';

const HOSTILE = `x</script><img src=x onerror=alert(1)><script>alert(2)</script>"' onmouseover="y" \x1b[31m\r\n&amp;`;

function scenario(step: number, outcome: Outcome, extra: Partial<ReportScenario> = {}): ReportScenario {
  return {
    step,
    activityType: `act${step}`,
    activityId: String(step),
    fault: 'activity-failed',
    outcome,
    judgedBy: ['golden'],
    expected: { tasks: [], close: null },
    ...extra,
  };
}

/** One history, one scenario of each outcome (a step each); the law-broken one carries hostile text everywhere a history puts text. */
function report(name = HOSTILE): Report {
  const hostileCommand = { activity: name, args: [name], options: { taskQueue: "(workflow's)" } };
  const scenarios = OUTCOMES.map((outcome, index) => scenario(index + 1, outcome));
  scenarios[OUTCOMES.indexOf('law-broken')] = scenario(OUTCOMES.indexOf('law-broken') + 1, 'law-broken', {
    activityType: name,
    detail: `${name} completed but undo never ran`,
    laws: [
      { law: 'every completed step is undone', message: `${name} completed but its undo never ran` },
    ] as ReportScenario['laws'],
    observed: { tasks: [[hostileCommand]], close: { status: 'failed', failure: [{ type: name, message: name }] } },
    expected: {
      tasks: [[hostileCommand], [{ activity: 'undo', args: [], options: { taskQueue: "(workflow's)" } }]],
      close: { status: 'failed', failure: [{ type: 'InjectedFailure', message: 'injected failure' }] },
    },
    diff: ` ${name}\n-undo()\n+${name}`,
    repro: `repro/${name}.json`,
  });
  const history: ReportHistory = {
    file: `histories/${name}.json`,
    workflowType: name,
    workflowId: name,
    runId: 'r',
    golden: `${name}.faults.json`,
    spec: null,
    replay: { ok: true } as ReportHistory['replay'],
    scenarios,
  };
  return withVerdict(
    {
      version: JSON_REPORT_VERSION,
      exitCode: 1,
      complete: true,
      problems: [`${name}: could not load`],
      histories: [history],
    },
    {},
  );
}

describe('the HTML report (--html)', () => {
  it('htmlText: markup characters as references, controls visible, the identity on ordinary names', () => {
    expect(htmlText('provisionTenant step-3 createTenantSchema × activity-failed')).to.equal(
      'provisionTenant step-3 createTenantSchema × activity-failed',
    );
    expect(htmlText(`</script><img onerror="a">'&`)).to.equal(
      '&lt;/script&gt;&lt;img onerror=&quot;a&quot;&gt;&#39;&amp;',
    );
    expect(htmlText('a\nb\rc\x1bd\u202e')).to.equal('a\\nb\\rc\\ed\\u202e');
  });

  it('history text is never markup: no script, image or handler; each hostile name is there as escaped text', () => {
    const html = formatHtml(report(), { workflows: `w'</script>.ts` });
    expect(html).not.to.match(/<script|<img|<iframe|<object|<embed|<link/i);
    expect(html).not.to.match(/\son[a-z]+\s*=\s*"/i);
    expect(html).not.to.match(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(html).to.include(
      'x&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39; onmouseover=&quot;y&quot; \\e[31m\\r\\n&amp;amp;',
    );
    // In the grid, the findings list, the panel's heading, the timeline, the law, the diff and the repro command.
    const escaped = htmlText(HOSTILE);
    expect(html.split(escaped).length - 1).to.be.greaterThan(10);
    expect(html).to.include(`--workflows &#39;w&#39;\\&#39;&#39;&lt;/script&gt;.ts&#39;`);
  });

  it('ids and classes are made of positions and known outcomes only, never of history text', () => {
    const html = formatHtml(report());
    for (const [, id] of html.matchAll(/\sid="([^"]*)"/g)) expect(id).to.match(/^(h|c)\d+(-\d+-\d+)?$/);
    for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) expect(href).to.match(/^#(h|c)\d+(-\d+-\d+)?$/);
    for (const [, cls] of html.matchAll(/\sclass="([^"]*)"/g)) expect(cls).to.match(/^[a-z0-9 -]+$/);
  });

  it('loads nothing: a Content-Security-Policy that allows no fetch, no script, only the inline style', () => {
    const html = formatHtml(report());
    expect(html).to.include(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    );
    expect(html).not.to.match(/(src|href)="(https?:|\/\/|data:)|url\(|@import/i);
  });

  it('every outcome has its own colour, its cell letter in the legend, and a cell in the grid that opens its panel', () => {
    const html = formatHtml(report('ordinary'));
    const colours = OUTCOMES.map((outcome) => OUTCOME_COLOUR[outcome]);
    expect(new Set(colours).size).to.equal(OUTCOMES.length);
    for (const [index, outcome] of OUTCOMES.entries()) {
      expect(OUTCOME_COLOUR[outcome], outcome).to.match(/^#[0-9a-f]{6}$/);
      expect(html, outcome).to.include(`.o-${outcome}{background:${OUTCOME_COLOUR[outcome]}}`);
      expect(html, outcome).to.include(
        `<li><span class="cell o-${outcome}">${htmlText(CELL[outcome])}</span> ${outcome}</li>`,
      );
      const id = `c1-${index + 1}-1`;
      const type = outcome === 'law-broken' ? 'ordinary' : `act${index + 1}`;
      expect(html, outcome).to.include(
        `<a class="cell o-${outcome}" href="#${id}" title="step ${index + 1} ${type} × activity-failed: ${outcome}">${htmlText(CELL[outcome])}</a>`,
      );
      expect(html, outcome).to.include(`<section class="scenario" id="${id}">`);
    }
  });

  it("a finding's panel: golden and observed side by side, the command only the golden has marked, the law, the diff, the repro command", () => {
    const html = formatHtml(report('createOwnerMembership'), { workflows: 'examples/workflows.ts' });
    const panel = html.slice(
      html.indexOf(`<section class="scenario" id="c1-3-1">`),
      html.indexOf('</section>', html.indexOf(`id="c1-3-1"`)),
    );
    expect(panel).to.include('<div class="timeline expected">');
    expect(panel).to.include('<div class="timeline observed">');
    expect(panel).to.include('<li class="mono only">undo()</li>');
    expect(panel).to.include('<li class="mono">createOwnerMembership(&quot;createOwnerMembership&quot;)</li>');
    expect(panel).to.include(
      'createOwnerMembership completed but its undo never ran (law: every completed step is undone)',
    );
    expect(panel).to.include('<span class="del">-undo()</span>');
    expect(panel).to.include(
      `npx fault-replay replay --workflows &#39;examples/workflows.ts&#39; --history &#39;repro/createOwnerMembership.json&#39; --workflow-id &#39;createOwnerMembership&#39;`,
    );
    // merge knows no --workflows: the page points at repro.sh, which has the commands.
    expect(formatHtml(report('x'))).to.include(
      '<pre class="repro"># repro/x.json: its commands are in repro.sh beside it</pre>',
    );
  });

  it('is deterministic: the same report gives the same bytes, read back from JSON too, whatever the clock says', () => {
    const first = formatHtml(report());
    const realNow = Date.now;
    Date.now = () => realNow() + 86_400_000 * 400;
    try {
      expect(formatHtml(JSON.parse(JSON.stringify(report())) as Report)).to.equal(first);
    } finally {
      Date.now = realNow;
    }
    expect(first).not.to.match(/20\d\d-\d\d-\d\d/);
  });
});
