import type { ReporterKind } from './registry';
import type { Reporter, ReportIO } from './reporter';
import { faultReplayLine } from './escape';

/** Any run's problems, one `fault-replay:` line each on stderr (check and chaos alike). */
export function problemLines(io: ReportIO): Reporter<{ problems: string[] }> {
  return { runDone: (report) => report.problems.forEach((problem) => io.stderr(faultReplayLine(problem))) };
}

/** Each problem line once, on stderr: a file or scenario that could not be used. */
export const problemsReporter: ReporterKind = {
  name: 'problems',
  wanted: () => true,
  create: (_options, io) => problemLines(io),
};
