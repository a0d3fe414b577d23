import { annotationData as data, annotationProperty as property } from '../../report/escape';
import type { ReporterKind } from '../../report/registry';
import { chaosScenarioName, chaosSummaryLine } from '../report-matrix';
import type { ChaosResult } from '../run';
import { isChaosFinding } from '../verdict';

/** GitHub Actions workflow commands: one `::error` per live run that is a finding (its differences in the message), then the summary as a `::notice`. */
export function formatChaosAnnotations(result: ChaosResult): string {
  const lines = result.scenarios
    .filter((s) => isChaosFinding(s.outcome))
    .map((s) => {
      const message = [
        `${chaosScenarioName(s)}: ${s.outcome}${s.detail ? ` — ${s.detail}` : ''}`,
        ...s.differences,
      ].join('\n');
      return `::error title=${property(`fault-replay chaos: ${s.outcome}`)}::${data(message)}`;
    });
  lines.push(
    `::notice title=${property('fault-replay chaos')}::${data(`${result.workflowType}: ${chaosSummaryLine(result)}`)}`,
  );
  return lines.map((line) => line + '\n').join('');
}

/** On GitHub Actions (GITHUB_ACTIONS=true) or with --annotations. */
export const chaosAnnotationsReporter: ReporterKind<ChaosResult> = {
  name: 'annotations',
  wanted: (options, io) => Boolean(options.annotations) || io.env.GITHUB_ACTIONS === 'true',
  create: (_options, io) => ({ runDone: (result) => io.stdout(formatChaosAnnotations(result)) }),
};
