import { problemLines } from '../../report/problems';
import { fileReporter } from '../../report/output-file';
import type { ReporterKind } from '../../report/registry';
import { formatChaosJson } from '../report-json';
import { formatChaosMatrix } from '../report-matrix';
import type { ChaosResult } from '../run';
import { chaosAnnotationsReporter } from './annotations';
import { chaosJunitReporter } from './junit';
import { chaosMarkdownReporter } from './markdown';

const terminal: ReporterKind<ChaosResult> = {
  name: 'terminal',
  wanted: () => true,
  create: (_options, io) => ({ runDone: (result) => io.stdout(formatChaosMatrix(result) + '\n') }),
};
const problems: ReporterKind<ChaosResult> = {
  name: 'problems',
  wanted: () => true,
  create: (_options, io) => problemLines(io),
};
const json = fileReporter<ChaosResult>('json', formatChaosJson);

/** Every reporter of a chaos run, in the order they run (the same flags as check's: src/cli/reporter-flags.ts). */
export const CHAOS_REPORTERS: ReadonlyArray<ReporterKind<ChaosResult>> = [
  terminal,
  problems,
  json,
  chaosJunitReporter,
  chaosMarkdownReporter,
  chaosAnnotationsReporter,
];
