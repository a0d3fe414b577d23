import type { ReporterKind } from './registry';
import { formatTerminal } from './terminal';

/** The matrix, golden updates, grouped findings, score and summary on stdout. */
export const terminalReporter: ReporterKind = {
  name: 'terminal',
  wanted: () => true,
  create: (options, io) => ({ runDone: (report) => io.stdout(formatTerminal(report, options.verbose) + '\n') }),
};
