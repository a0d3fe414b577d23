import { create } from 'xmlbuilder2';
import { xmlInvalidChar } from '../../report/escape';
import { fileReporter } from '../../report/output-file';
import { chaosScenarioName } from '../report-matrix';
import type { ChaosResult } from '../run';
import { isChaosFinding } from '../verdict';

/**
 * A chaos run as JUnit XML: one suite for the workflow type, one testcase per live run (classname
 * = workflow type, name = step × fault); a finding (orphan, not-idempotent, …) is a `failure` with
 * the world's differences in its body, could-not-run an `error`; the run's problems are errors of
 * a `problems` suite. No times or host names: the same runs give the same bytes.
 */
export function formatChaosJunit(result: ChaosResult): string {
  const failures = result.scenarios.filter((s) => isChaosFinding(s.outcome)).length;
  const errors = result.scenarios.filter((s) => s.outcome === 'could-not-run').length;
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: xmlInvalidChar }).ele('testsuites', {
    name: 'fault-replay chaos',
    tests: result.scenarios.length + result.problems.length,
    failures,
    errors: errors + result.problems.length,
  });
  const suite = root.ele('testsuite', {
    name: result.workflowType,
    tests: result.scenarios.length,
    failures,
    errors,
    skipped: 0,
  });
  for (const scenario of result.scenarios) {
    const testcase = suite.ele('testcase', { classname: result.workflowType, name: chaosScenarioName(scenario) });
    if (scenario.outcome === 'clean') continue;
    const message = `${scenario.outcome}${scenario.detail ? `: ${scenario.detail}` : ''}`;
    const body = [message, ...scenario.differences, ...(scenario.history ? [`history: ${scenario.history}`] : [])].join(
      '\n',
    );
    testcase.ele(isChaosFinding(scenario.outcome) ? 'failure' : 'error', { message, type: scenario.outcome }).txt(body);
  }
  if (result.problems.length) {
    const problems = root.ele('testsuite', {
      name: 'problems',
      tests: result.problems.length,
      failures: 0,
      errors: result.problems.length,
      skipped: 0,
    });
    result.problems.forEach((problem, index) =>
      problems
        .ele('testcase', { classname: 'problems', name: `problem ${index + 1}` })
        .ele('error', { message: problem, type: 'could-not-run' })
        .txt(problem),
    );
  }
  return root.end({ prettyPrint: true }) + '\n';
}

/** `chaos --junit FILE`. */
export const chaosJunitReporter = fileReporter<ChaosResult>('junit', formatChaosJunit);
