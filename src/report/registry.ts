import { annotationsReporter } from './annotations';
import { htmlReporter } from './html';
import { jsonReporter } from './json';
import { junitReporter } from './junit';
import { markdownReporter } from './markdown';
import type { Report } from './model';
import { problemsReporter } from './problems';
import { progressReporter } from './progress';
import type { Reporter, ReporterOptions, ReportIO } from './reporter';
import { terminalReporter } from './terminal-reporter';

/** One kind of reporter of a run's report R (check's Report, chaos's ChaosResult). */
export interface ReporterKind<R = Report> {
  name: string;
  /** Whether the user asked for it (an option, or the environment, e.g. GITHUB_ACTIONS=true). */
  wanted(options: ReporterOptions, io: ReportIO): boolean;
  create(options: ReporterOptions, io: ReportIO): Reporter<R>;
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
  return reportersOf(REPORTERS, options, io);
}

/** The reporters of a registry that the options (or the environment) ask for, in its order. */
export function reportersOf<R>(
  kinds: ReadonlyArray<ReporterKind<R>>,
  options: ReporterOptions,
  io: ReportIO,
): Array<Reporter<R>> {
  return kinds.filter((kind) => kind.wanted(options, io)).map((kind) => kind.create(options, io));
}
