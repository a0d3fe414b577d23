import type { Command } from 'commander';
import { percent } from './options';

/** The flags of the reporters (src/report/registry.ts), once, for every command that reports a run: check and merge. */
export function addReporterFlags(command: Command): Command {
  return command
    .option('--json <file>', 'also write the full report as JSON')
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per scenario)')
    .option('--markdown <file>', 'also write a Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY)')
    .option('--annotations', 'print GitHub ::error annotations (on by default when GITHUB_ACTIONS=true)')
    .option('--threshold <percent>', 'the fault score (percent) decides: exit 1 below it, findings alone do not fail the run above it', percent)
    .option('--verbose', 'show whole diffs, not only the changed lines');
}
