import type { Command } from 'commander';
import { percent } from './options';
import type { Threshold } from '../report/model';

/** `--threshold` and `--threshold-only` as the report takes them. */
export function thresholdOf(opts: { threshold?: number; thresholdOnly?: boolean }): Threshold | undefined {
  return opts.threshold === undefined
    ? undefined
    : { percent: opts.threshold, ...(opts.thresholdOnly ? { only: true } : {}) };
}

/** The report files and annotations, once, for every command that reports a run: check, merge and chaos. */
export function addReportFileFlags(command: Command): Command {
  return command
    .option('--json <file>', 'also write the full report as JSON')
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per scenario)')
    .option('--markdown <file>', 'also write a Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY)')
    .option('--annotations', 'print GitHub ::error annotations (on by default when GITHUB_ACTIONS=true)');
}

/** The flags of the reporters (src/report/registry.ts) of a fault matrix: check and merge. */
export function addReporterFlags(command: Command): Command {
  return addReportFileFlags(command)
    .option(
      '--html <file>',
      'also write one self-contained HTML page: the matrix as a coloured grid, each cell opening its scenario',
    )
    .option(
      '--threshold <percent>',
      'a floor under the fault score (percent): exit 1 below it (any finding still fails the run)',
      percent,
    )
    .option(
      '--threshold-only',
      'with --threshold, only the score decides: findings above it do not fail the run (to adopt the tool on a corpus with known findings)',
    )
    .option('--verbose', 'show whole diffs, not only the changed lines');
}
