import { create } from 'xmlbuilder2';
import { isRegression } from '../model/outcome';
import { findingLine } from '../laws/judge-laws';
import type { Report, ReportHistory, ReportScenario } from './model';
import { percentText, scoreOf } from './score';
import { fileReporter } from './output-file';
import { xmlInvalidChar } from './escape';

/** A could-not-run scenario's problem line (results.ts writes it so): a JUnit `error` already. */
function scenarioProblem(history: ReportHistory, s: ReportScenario): string {
  return `${history.file}: step ${s.step} ${s.activityType} × ${s.fault}: ${s.detail}`;
}

/**
 * JUnit XML (the schema Jenkins and most CI systems read): a suite per history with one testcase per
 * scenario (classname = history, name = step × fault) and one for the recorded history's own
 * replay; a finding is a `failure` (the one-line reason, the diff in the body), could-not-run an
 * `error`, not-applicable `skipped`; problems of the run that are no scenario are errors of a
 * `problems` suite. No times or host names: the same inputs give the same bytes.
 */
export function formatJunit(report: Report): string {
  // Characters XML cannot hold (ESC of a coloured failure message, NUL, BEL) are written as `\uXXXX`.
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: xmlInvalidChar }).ele('testsuites', {
    name: 'fault-replay',
    ...totals(report.histories.flatMap(cases), report),
  });
  for (const history of report.histories) {
    const suiteCases = cases(history);
    const suite = root.ele('testsuite', { name: history.file, ...counts(suiteCases) });
    const properties = suite.ele('properties');
    for (const [name, value] of scoreProperties(report, history)) properties.ele('property', { name, value });
    for (const c of suiteCases) {
      const testcase = suite.ele('testcase', { classname: history.file, name: c.name });
      if (c.kind === 'failure' || c.kind === 'error')
        testcase.ele(c.kind, { message: c.message, type: c.type }).txt(c.body ?? c.message);
      if (c.kind === 'skipped') testcase.ele('skipped').txt(c.message);
    }
  }
  const known = new Set(
    report.histories.flatMap((h) =>
      h.scenarios.filter((s) => s.outcome === 'could-not-run').map((s) => scenarioProblem(h, s)),
    ),
  );
  const problems = report.problems.filter((p) => !known.has(p));
  if (problems.length) {
    const suite = root.ele('testsuite', {
      name: 'problems',
      tests: problems.length,
      failures: 0,
      errors: problems.length,
      skipped: 0,
    });
    problems.forEach((problem, index) =>
      suite
        .ele('testcase', { classname: 'problems', name: `problem ${index + 1}` })
        .ele('error', { message: problem, type: 'could-not-run' })
        .txt(problem),
    );
  }
  return root.end({ prettyPrint: true }) + '\n';
}

/** The fault scores in every suite (JUnit has no place for them on the root): the suite's own history, its workflow type, the whole run, the threshold. */
function scoreProperties(report: Report, history: ReportHistory): Array<[string, string]> {
  const own = scoreOf([history]);
  const workflowType = history.workflowType;
  const type = report.score.byWorkflowType[workflowType];
  return [
    ['fault-score', `${percentText(own)} (${own.compensated}/${own.applicable})`],
    ['fault-score:run', `${percentText(report.score)} (${report.score.compensated}/${report.score.applicable})`],
    ...(type
      ? [
          [`fault-score:${workflowType}`, `${percentText(type)} (${type.compensated}/${type.applicable})`] as [
            string,
            string,
          ],
        ]
      : []),
    ...(report.score.threshold === undefined
      ? []
      : [['fault-score-threshold', `${report.score.threshold}%`] as [string, string]]),
  ];
}

interface Case {
  name: string;
  kind: 'pass' | 'failure' | 'error' | 'skipped';
  message: string;
  type?: string;
  body?: string;
}

function cases(history: ReportHistory): Case[] {
  const replay: Case = history.replay.ok
    ? { name: 'recorded history replays', kind: 'pass', message: '' }
    : {
        name: 'recorded history replays',
        kind: 'failure',
        type: history.replay.outcome,
        message: `${history.replay.outcome}: ${history.replay.message}`,
      };
  return [replay, ...history.scenarios.map(scenarioCase)];
}

function scenarioCase(s: ReportScenario): Case {
  const name = `step ${s.step} ${s.activityType} × ${s.fault}`;
  if (s.outcome === 'not-applicable') return { name, kind: 'skipped', message: s.detail ?? 'not applicable' };
  if (s.outcome === 'could-not-run')
    return { name, kind: 'error', type: s.outcome, message: `could-not-run: ${s.detail ?? ''}` };
  if (!isRegression(s.outcome)) return { name, kind: 'pass', message: '' };
  const laws = (s.laws ?? []).map(findingLine);
  const reason = s.outcome === 'law-broken' && laws.length ? laws.join('; ') : (s.detail ?? '');
  const body = [
    `${s.outcome}: ${reason}`,
    ...laws.map((l) => `law: ${l}`),
    ...(s.diff ? ['diff (- golden, + observed):', s.diff] : []),
  ].join('\n');
  return { name, kind: 'failure', type: s.outcome, message: `${s.outcome}: ${reason}`, body };
}

function counts(list: Case[]) {
  return {
    tests: list.length,
    failures: list.filter((c) => c.kind === 'failure').length,
    errors: list.filter((c) => c.kind === 'error').length,
    skipped: list.filter((c) => c.kind === 'skipped').length,
  };
}

function totals(list: Case[], report: Report) {
  const known = new Set(
    report.histories.flatMap((h) =>
      h.scenarios.filter((s) => s.outcome === 'could-not-run').map((s) => scenarioProblem(h, s)),
    ),
  );
  const extra = report.problems.filter((p) => !known.has(p)).length;
  const c = counts(list);
  // The schema's testsuites has no `skipped` attribute: the suites carry it.
  return { tests: c.tests + extra, failures: c.failures, errors: c.errors + extra };
}

/** `--junit FILE`. */
export const junitReporter = fileReporter<Report>('junit', formatJunit);
