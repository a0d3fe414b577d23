import { annotationsReporter } from './annotations';
import { htmlReporter } from './html';
import { jsonReporter } from './json';
import { junitReporter } from './junit';
import { markdownReporter } from './markdown';
import { problemsReporter } from './problems';
import { progressReporter } from './progress';
import type { Reporter, ReporterOptions, ReportIO } from './reporter';
import { terminalReporter } from './terminal-reporter';

export interface ReporterKind {
  name: string;
  /** Whether the user asked for it (an option, or the environment, e.g. GITHUB_ACTIONS=true). */
  wanted(options: ReporterOptions, io: ReportIO): boolean;
  create(options: ReporterOptions, io: ReportIO): Reporter;
}

/** Every reporter, in the order they run: one line each. */
export const REPORTERS: readonly ReporterKind[] = [
  progressReporter,
  terminalReporter,
  problemsReporter,
  jsonReporter,
  junitReporter,
  markdownReporter,
  htmlReporter,
  annotationsReporter,
];

export function reportersFor(options: ReporterOptions, io: ReportIO): Reporter[] {
  return REPORTERS.filter((kind) => kind.wanted(options, io)).map((kind) => kind.create(options, io));
}
