import type { RunResult } from '../model/results';
import { formatReportJson, reportOf, type Report } from './model';
import { fileReporter } from './output-file';

export { JSON_REPORT_VERSION } from './model';

/**
 * Every scenario with its outcome, what it observed, what its golden expected and the diff.
 * Nothing in it depends on time or on the machine, so the same inputs give the same bytes.
 */
export function formatJson(result: RunResult): string {
  return formatReportJson(reportOf(result));
}

/** `--json FILE`: the report as it is. */
export const jsonReporter = fileReporter<Report>('json', formatReportJson);
