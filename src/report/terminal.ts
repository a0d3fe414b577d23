import { isRegression, OUTCOMES } from '../model/outcome';
import { plural } from './cells';
import { findingLines } from './findings';
import { goldenLines } from './goldens';
import { matrixLines } from './matrix';
import type { RunResult } from '../model/results';
import { Report, reportOf } from './model';
import { scoreLine } from './score';
import { printable, withoutWorkflowCommands } from './escape';

/**
 * The terminal report: per history a step × fault matrix, what --update did, then the findings
 * grouped by distinct diff, the fault score and one summary line. Problem lines are not here:
 * they go to stderr once (the problems reporter). Each line stays one line whatever the history
 * holds, and none is a CI workflow command.
 */
export function formatTerminal(report: Report, verbose = false): string {
  const next = nextStepLine(report);
  const lines = [
    ...matrixLines(report),
    '',
    ...goldenLines(report),
    ...findingLines(report, verbose),
    scoreLine(report.score),
    summaryLine(report),
    ...(next ? [next] : []),
  ];
  return withoutWorkflowCommands(
    lines
      .map(printable)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
}

/**
 * What to do about the run, in one line: a changed path is fixed in the code or, when the change
 * is meant, accepted with --update (naming the golden files it rewrites); a broken saga law is
 * fixed in the code or the spec (--update does not accept it); problems are on stderr.
 */
export function nextStepLine(report: Report): string | undefined {
  const findings = report.histories.flatMap((h) =>
    h.scenarios.filter((s) => isRegression(s.outcome)).map((s) => ({ history: h, scenario: s })),
  );
  if (findings.length === 0 && report.histories.every((h) => h.replay.ok))
    return report.exitCode === 2 ? 'next: the problem lines on stderr say what could not run' : undefined;
  // --update writes what a scenario observed only where that is a path (unexpected-commands); a crash, a hang,
  // work left open or a broken law stays a finding whatever the golden says.
  const goldens = [
    ...new Set(
      findings
        .filter(({ scenario }) => scenario.outcome === 'unexpected-commands')
        .map(({ history }) => history.golden),
    ),
  ];
  const kept = [
    ...new Set(
      findings
        .map(({ scenario }) => scenario.outcome)
        .filter((outcome) => outcome !== 'unexpected-commands' && outcome !== 'law-broken'),
    ),
  ];
  const specs = [
    ...new Set(
      findings
        .filter(({ scenario }) => scenario.outcome === 'law-broken')
        .map(({ history }) => history.spec)
        .filter((spec): spec is string => Boolean(spec)),
    ),
  ];
  const shown = (files: string[]) => `${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`;
  const accept = goldens.length
    ? `; if it is the change you meant, run the same check with --update (it rewrites ${plural(goldens.length, 'golden file')}: ${shown(goldens)}), review the diff and commit it`
    : '';
  const laws = specs.length
    ? `; a broken saga law is fixed in the code, or in ${shown(specs)} where the law does not hold for this saga (--update does not accept it)`
    : '';
  const held = kept.length ? `; --update does not accept ${kept.join(', ')} (they stay findings)` : '';
  return `next: fix the workflow code${accept}${laws}${held}`;
}

export function summaryLine(report: Report): string {
  const total = OUTCOMES.reduce((sum, outcome) => sum + report.counts[outcome], 0);
  const parts = OUTCOMES.filter((outcome) => report.counts[outcome] > 0).map(
    (outcome) => `${report.counts[outcome]} ${outcome}`,
  );
  const problems = report.problems.length
    ? `; ${plural(report.problems.length, 'problem')} (on stderr): the run did not fully happen`
    : '';
  const histories = plural(report.histories.length, 'history', 'histories');
  const incomplete = report.complete ? '' : '; stopped early: incomplete';
  const scenarios = report.histories.flatMap((history) => history.scenarios);
  const cached = scenarios.filter((s) => s.cached).length;
  const reused = cached
    ? `; ${cached} reported from the --incremental file (nothing their verdict depends on changed)`
    : '';
  const predicted = scenarios.filter((s) => s.predicted).length;
  const live = scenarios.filter((s) => !s.cached && !s.predicted && s.outcome !== 'not-applicable').length;
  const proved = predicted
    ? `; ${predicted} predicted from the --incremental file's paths (each proved by one replay), ${live} followed live`
    : '';
  return `${plural(total, 'scenario')} in ${histories}: ${parts.join(', ') || 'none'}${problems}${incomplete}${reused}${proved}`;
}

/** The terminal report of a run (the programmatic API's name for it). */
export function formatMatrix(result: RunResult, verbose = false): string {
  return formatTerminal(reportOf(result), verbose);
}
