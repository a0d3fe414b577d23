import type { Outcome } from '../model/outcome';
import { OUTCOMES } from '../model/outcome';
import { CELL } from './cells';
import { htmlText } from './escape';

/**
 * The colour of each outcome's cell: greens and greys for what passed or did not apply, yellow for
 * what could not run, reds and purples for regressions. The cell's letter (as on the terminal) is
 * written in it too, so the grid does not depend on telling colours apart.
 */
export const OUTCOME_COLOUR: Record<Outcome, string> = {
  compensated: '#c8e6c9',
  'unexpected-commands': '#ef9a9a',
  'law-broken': '#f48fb1',
  nondeterministic: '#ce93d8',
  'workflow-task-failed': '#ff8a65',
  'work-left-open': '#ffcc80',
  stuck: '#b39ddb',
  'not-applicable': '#eeeeee',
  'could-not-run': '#fff59d',
};

/** The class of an outcome's cell; an outcome this version does not know (a merged report of a newer one) gets its own. */
export function outcomeClass(outcome: string): string {
  return (OUTCOMES as readonly string[]).includes(outcome) ? `o-${outcome}` : 'o-unknown';
}

export function outcomeLegendHtml(): string {
  const items = OUTCOMES.map(
    (outcome) =>
      `<li><span class="cell ${outcomeClass(outcome)}">${htmlText(CELL[outcome])}</span> ${htmlText(outcome)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:1rem 2rem;color:#222;background:#fafafa}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .4rem}h3{font-size:1rem;margin:1rem 0 .3rem}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.next{background:#fff3e0;border-left:4px solid #fb8c00;padding:.4rem .6rem}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
table.grid{border-collapse:collapse;margin:.3rem 0 1rem}
table.grid th,table.grid td{border:1px solid #ccc;padding:0;text-align:center}
table.grid th{background:#f0f0f0;padding:2px 6px;font-weight:600}
table.grid td.step{text-align:left;padding:2px 6px;white-space:nowrap}
.cell{display:inline-block;min-width:1.8em;padding:2px 4px;border-radius:3px;text-align:center;font-family:ui-monospace,monospace}
table.grid td a.cell{display:block;border-radius:0;color:#111;text-decoration:none}
table.grid td a.cell:hover,table.grid td a.cell:focus{outline:2px solid #1565c0;outline-offset:-2px}
${OUTCOMES.map((outcome) => `.${outcomeClass(outcome)}{background:${OUTCOME_COLOUR[outcome]}}`).join('\n')}
.o-unknown{background:#fff}
.findings li{margin:.3rem 0}
.scenario{display:none}
.scenario:target{display:block;position:fixed;top:0;right:0;bottom:0;width:min(70rem,75vw);overflow:auto;background:#fff;border-left:1px solid #999;box-shadow:-4px 0 16px rgba(0,0,0,.2);padding:1rem 1.5rem;box-sizing:border-box}
.scenario .close{float:right;font-size:1.4rem;text-decoration:none;color:#555}
.scenario article{border-top:1px solid #ddd;padding-top:.5rem;margin-top:.5rem}
.timelines{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
.timeline li,.timeline .end{overflow-wrap:anywhere}
.timeline ol{padding-left:1.6rem;margin:.2rem 0}
.timeline li.task{margin:.2rem 0;padding:.2rem .4rem;background:#f5f5f5;border-radius:3px}
.timeline li.task ul{list-style:none;padding:0;margin:0}
.timeline .only{background:#ffcdd2;font-weight:600}
.timeline.observed .only{background:#fff9c4}
.timeline .end{margin:.3rem 0;padding:.2rem .4rem;border:1px dashed #999;border-radius:3px}
pre.diff{background:#f5f5f5;padding:.5rem;overflow:auto;white-space:pre}
pre.diff .del{background:#ffebee;color:#b71c1c}pre.diff .add{background:#e8f5e9;color:#1b5e20}
.laws li{color:#880e4f}
`;

/**
 * The whole page: no script, and a Content-Security-Policy that lets it load nothing at all (only
 * its own inline style), so no name or message from a history could make it reach the network.
 */
export function htmlPage(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
