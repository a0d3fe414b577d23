import { diffArrays } from 'diff';
import { kindOfLabel } from '../faults/nested';
import { renderClose, renderCommand } from '../judge/render';
import { findingLine } from '../laws/judge-laws';
import { isRegression } from '../model/outcome';
import type { Close, ObservedCommand } from '../model/observation';
import { CELL, cellOutcome, faultColumns, plural } from './cells';
import { htmlText, shellQuote } from './escape';
import { findingGroups, scenarioName } from './findings';
import { htmlPage, outcomeClass, outcomeLegendHtml } from './html-page';
import { verdictWord } from './markdown';
import type { Report, ReportHistory, ReportScenario } from './model';
import { fileReporter } from './output-file';
import { scoreLine } from './score';
import { nextStepLine, summaryLine } from './terminal';

type Column = { fault: string; code: string };

/** What the page says beyond the report: the workflows module check was given, for the repro command. */
export interface HtmlContext {
  workflows?: string;
}

/** Scenarios of a finding group linked from the findings list; the rest are counted. */
const SCENARIOS_LINKED = 12;

/**
 * `--html FILE`: one page that needs nothing else: the summary, the findings (grouped as on the
 * terminal), per history the step × fault matrix as a grid of coloured cells, and for each cell a
 * panel (opened by the cell's link, CSS `:target`, no script) with its scenarios: golden and
 * observed path side by side, task by task, the laws or diff that failed and the repro command.
 * Everything from a history is escaped (`htmlText`); ids are made of positions only.
 */
export function formatHtml(report: Report, context: HtmlContext = {}): string {
  const columns = faultColumns(report.histories.flatMap((h) => h.scenarios.map((s) => s.fault)));
  const layout = report.histories.map((history, index) => historyLayout(history, index, columns));
  const cellOf = new Map<ReportScenario, string>();
  for (const history of layout)
    for (const cell of history.cells) for (const scenario of cell.scenarios) cellOf.set(scenario, cell.id);
  const next = nextStepLine(report);
  const body = [
    '<header>',
    `<h1>fault-replay: ${htmlText(verdictWord(report))}</h1>`,
    `<p><strong>${htmlText(scoreLine(report.score))}</strong></p>`,
    `<p>${htmlText(summaryLine(report))}</p>`,
    ...(next ? [`<p class="next">${htmlText(next)}</p>`] : []),
    '</header>',
    ...problemsBlock(report.problems),
    ...findingsBlock(report, cellOf),
    '<section class="matrix">',
    '<h2>Matrix</h2>',
    `<p>Each cell opens its scenario. Faults: ${columns.map((c) => `<code>${htmlText(c.code)}</code> ${htmlText(c.fault)}`).join(' · ')}</p>`,
    outcomeLegendHtml(),
    ...layout.flatMap((history) => history.grid),
    '</section>',
    ...layout.flatMap((history) => history.cells.map((cell) => cellPanel(cell, history.anchor, context))),
  ];
  return htmlPage(`fault-replay: ${verdictWord(report)}`, body);
}

interface Cell {
  id: string;
  title: string;
  history: ReportHistory;
  scenarios: ReportScenario[];
}

function historyLayout(
  history: ReportHistory,
  index: number,
  all: Column[],
): { anchor: string; grid: string[]; cells: Cell[] } {
  const anchor = `h${index + 1}`;
  const columns = all.filter((c) => history.scenarios.some((s) => kindOfLabel(s.fault) === c.fault));
  const steps = [...new Map(history.scenarios.map((s) => [s.step, s])).values()];
  const judges = [...new Set(history.scenarios.flatMap((s) => s.judgedBy))];
  const head = [
    `<h3 id="${anchor}">${htmlText(history.file)}</h3>`,
    `<p>${htmlText(history.workflowType)}, ${plural(steps.length, 'step')}${judges.length ? `, judged by ${htmlText(judges.join(' + '))}` : ''}</p>`,
    ...(history.replay.ok
      ? []
      : [
          `<p class="next">recorded history: ${htmlText(history.replay.outcome)}: ${htmlText(history.replay.message)}</p>`,
        ]),
  ];
  if (steps.length === 0) return { anchor, grid: head, cells: [] };
  const cells: Cell[] = [];
  const rows = steps.map((step, row) => {
    const tds = columns.map((column) => {
      const outcome = cellOutcome(history.scenarios, step.step, column.fault);
      if (!outcome) return '<td></td>';
      const id = `c${index + 1}-${row + 1}-${all.indexOf(column) + 1}`;
      const scenarios = history.scenarios.filter((s) => s.step === step.step && kindOfLabel(s.fault) === column.fault);
      const title = `step ${step.step} ${step.activityType} × ${column.fault}: ${outcome}`;
      cells.push({ id, title, history, scenarios });
      return `<td><a class="cell ${outcomeClass(outcome)}" href="#${id}" title="${htmlText(title)}">${htmlText(CELL[outcome] ?? '?')}</a></td>`;
    });
    return `<tr><td class="step">${htmlText(String(step.step))}</td><td class="step">${htmlText(step.stepKind ?? 'activity')}</td><td class="step mono">${htmlText(step.activityType)}</td>${tds.join('')}</tr>`;
  });
  const header = `<tr><th>step</th><th>kind</th><th>type</th>${columns.map((c) => `<th title="${htmlText(c.fault)}">${htmlText(c.code)}</th>`).join('')}</tr>`;
  return {
    anchor,
    grid: [...head, '<table class="grid">', `<thead>${header}</thead>`, '<tbody>', ...rows, '</tbody>', '</table>'],
    cells,
  };
}

function problemsBlock(problems: string[]): string[] {
  if (problems.length === 0) return [];
  return [
    '<details class="problems">',
    `<summary>${plural(problems.length, 'problem')}</summary>`,
    '<ul>',
    ...problems.map((p) => `<li class="mono">${htmlText(p)}</li>`),
    '</ul>',
    '</details>',
  ];
}

function findingsBlock(report: Report, cellOf: Map<ReportScenario, string>): string[] {
  const groups = findingGroups(report);
  if (groups.length === 0) return [];
  const items = groups.map((group) => {
    const links = group.scenarios
      .slice(0, SCENARIOS_LINKED)
      .map(
        ({ history, scenario }) =>
          `<a href="#${cellOf.get(scenario)}">${htmlText(scenarioName(history, scenario))}</a>`,
      );
    const more =
      group.scenarios.length > SCENARIOS_LINKED ? [`and ${group.scenarios.length - SCENARIOS_LINKED} more`] : [];
    const laws = group.laws.length
      ? `<ul class="laws">${group.laws.map((law) => `<li>${htmlText(law)}</li>`).join('')}</ul>`
      : '';
    return `<li><span class="cell ${outcomeClass(group.outcome)}">${htmlText(group.outcome)}</span>${group.detail ? ` ${htmlText(group.detail)}` : ''}${laws}<div>${plural(group.scenarios.length, 'scenario')}: ${[...links, ...more].join(', ')}</div></li>`;
  });
  return [
    '<section class="findings">',
    `<h2>Findings (${plural(groups.length, 'distinct finding')})</h2>`,
    '<ol>',
    ...items,
    '</ol>',
    '</section>',
  ];
}

function cellPanel(cell: Cell, back: string, context: HtmlContext): string {
  const articles = cell.scenarios.map((scenario) => scenarioArticle(cell.history, scenario, context));
  return [
    `<section class="scenario" id="${cell.id}">`,
    `<a class="close" href="#${back}" title="back to the matrix">×</a>`,
    `<h2>${htmlText(cell.history.file)}: ${htmlText(cell.title)}</h2>`,
    ...articles,
    '</section>',
  ].join('\n');
}

function scenarioArticle(history: ReportHistory, scenario: ReportScenario, context: HtmlContext): string {
  const lines = [
    '<article>',
    `<h3><span class="cell ${outcomeClass(scenario.outcome)}">${htmlText(scenario.outcome)}</span> ${htmlText(scenarioName(history, scenario))}</h3>`,
  ];
  const laws = (scenario.laws ?? []).map(findingLine);
  // A law-broken detail is its first law's line again: the law list says it, once.
  if (scenario.detail && !laws.includes(scenario.detail))
    lines.push(`<p class="detail">${htmlText(scenario.detail)}</p>`);
  if (scenario.judgedBy.length) lines.push(`<p>judged by ${htmlText(scenario.judgedBy.join(' + '))}</p>`);
  if (laws.length)
    lines.push(
      '<h4>Laws broken</h4>',
      `<ul class="laws">${laws.map((law) => `<li>${htmlText(law)}</li>`).join('')}</ul>`,
    );
  if (scenario.observed || scenario.expected) lines.push(timelines(scenario));
  if (scenario.diff) lines.push('<h4>Diff (- golden, + observed)</h4>', diffBlock(scenario.diff));
  lines.push(...reproBlock(history, scenario, context), '</article>');
  return lines.join('\n');
}

/**
 * Golden and observed path side by side, a box per workflow task. The commands are matched in order
 * (as the diff matches them): one that only one side has, or that moved, is marked on its side.
 */
function timelines(scenario: ReportScenario): string {
  const golden = (scenario.expected?.tasks ?? []) as ObservedCommand[][];
  const observed = scenario.observed?.tasks ?? [];
  const goldenEnd = scenario.expected
    ? [closeText(scenario.expected.close as Close | null)]
    : ['no golden entry for this scenario'];
  const observedEnd = scenario.observed
    ? [
        closeText(scenario.observed.close),
        ...(scenario.observed.openAtClose?.length
          ? [`open at close: ${scenario.observed.openAtClose.join(', ')}`]
          : []),
        ...(scenario.observed.invented?.length
          ? [`answered with no known result: ${scenario.observed.invented.join(', ')}`]
          : []),
      ]
    : ['no path observed'];
  const [goldenText, observedText] = [golden, observed].map((tasks) => tasks.map((task) => task.map(renderCommand)));
  const { removed, added } = unmatched(goldenText.flat(), observedText.flat());
  return [
    '<div class="timelines">',
    timeline('golden', 'expected', goldenText, removed, goldenEnd),
    timeline('observed', 'observed', observedText, added, observedEnd),
    '</div>',
  ].join('\n');
}

/** Positions (in the flattened command lists) of the golden commands the observed path lacks and of the observed ones the golden lacks. */
function unmatched(golden: string[], observed: string[]): { removed: Set<number>; added: Set<number> } {
  const removed = new Set<number>();
  const added = new Set<number>();
  let [g, o] = [0, 0];
  for (const part of diffArrays(golden, observed)) {
    const count = part.value.length;
    for (let i = 0; i < count; i++) {
      if (part.removed) removed.add(g + i);
      else if (part.added) added.add(o + i);
    }
    if (!part.added) g += count;
    if (!part.removed) o += count;
  }
  return { removed, added };
}

function timeline(title: string, kind: string, tasks: string[][], marked: Set<number>, end: string[]): string {
  let position = 0;
  const items = tasks.map((task, index) => {
    const commands = task.map(
      (text) => `<li class="mono${marked.has(position++) ? ' only' : ''}">${htmlText(text)}</li>`,
    );
    return `<li class="task"><span>workflow task ${index + 1}</span><ul>${commands.join('')}</ul></li>`;
  });
  return [
    `<div class="timeline ${kind}">`,
    `<h4>${title} (${plural(tasks.length, 'workflow task')})</h4>`,
    `<ol>${items.join('')}</ol>`,
    ...end.map((line) => `<div class="end mono">${htmlText(line)}</div>`),
    '</div>',
  ].join('\n');
}

function closeText(close: Close | null | undefined): string {
  return close ? `close: ${renderClose(close)}` : 'no close';
}

function diffBlock(diff: string): string {
  const lines = diff.split('\n').map((line) => {
    const kind = line.startsWith('-') ? ' class="del"' : line.startsWith('+') ? ' class="add"' : '';
    return `<span${kind}>${htmlText(line)}</span>`;
  });
  return `<pre class="diff">${lines.join('\n')}</pre>`;
}

/** With --repro, the command that replays the finding's history alone (as in repro.sh, from the folder check ran in). */
function reproBlock(history: ReportHistory, scenario: ReportScenario, context: HtmlContext): string[] {
  if (!isRegression(scenario.outcome)) return [];
  if (!scenario.repro)
    return [
      "<p>Run the check with <code>--repro DIR</code> to write this scenario's history and the command that replays it alone.</p>",
    ];
  const command = context.workflows
    ? `npx fault-replay replay --workflows ${shellQuote(context.workflows)} --history ${shellQuote(scenario.repro)} --workflow-id ${shellQuote(history.workflowId)}`
    : `# ${scenario.repro}: its commands are in repro.sh beside it`;
  return ['<h4>Repro (from the folder check ran in)</h4>', `<pre class="repro">${htmlText(command)}</pre>`];
}

/** `--html FILE`. */
export const htmlReporter = fileReporter<Report>('html', (report, options) =>
  formatHtml(report, { workflows: options.workflows }),
);
