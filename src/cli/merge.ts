import { Command } from 'commander';
import { mergeReports } from '../report/merge';
import { reportersFor } from '../report/registry';
import { fanOut, finishRun, processIO } from '../report/reporter';
import { percent } from './options';

/** `fault-replay merge REPORT.json...`: shard reports into the matrix, JSON, JUnit and Markdown of the whole run. */
export function mergeCommand(): Command {
  return new Command('merge')
    .exitOverride()
    .description('merge the --json reports of check --shard 1/n .. n/n into the reports of one unsharded run')
    .argument('<reports...>', 'the shards\' JSON reports')
    .option('--json <file>', 'write the merged JSON report')
    .option('--junit <file>', 'write the merged JUnit XML report')
    .option('--markdown <file>', 'write the merged Markdown summary')
    .option('--annotations', 'print GitHub ::error annotations (on by default when GITHUB_ACTIONS=true)')
    .option('--threshold <percent>', 'the fault score (percent) decides: exit 1 below it, findings alone do not fail the run above it', percent)
    .option('--verbose', 'show whole diffs, not only the changed lines')
    .action((files: string[], opts) => {
      const reporter = fanOut(reportersFor({ ...opts }, { ...processIO(), stderrIsTTY: false }));
      process.exitCode = finishRun(reporter, mergeReports(files, opts.threshold), processIO());
    });
}
