import { Command } from 'commander';
import { mergeShardReports, readShardReport, shardsWork } from '../report/merge';
import { reportersFor } from '../report/registry';
import { fanOut, finishRun, processIO } from '../report/reporter';
import { addReporterFlags, thresholdOf } from './reporter-flags';
import { withHelp } from './help';
import { MERGE_WEIGHTS, weightsFile, withWeightsFlag } from './weights-flag';

/** `fault-replay merge REPORT.json...`: shard reports into the matrix, JSON, JUnit and Markdown of the whole run. */
export function mergeCommand(): Command {
  const command = withHelp(new Command('merge').exitOverride(), [
    'fault-replay merge shard-1.json shard-2.json --junit report.xml --markdown summary.md',
  ])
    .description('merge the --json reports of check --shard 1/n .. n/n into the reports of one unsharded run')
    .argument('<reports...>', "the shards' JSON reports");
  return withWeightsFlag(addReporterFlags(command), MERGE_WEIGHTS).action((files: string[], opts) => {
    const reporter = fanOut(reportersFor({ ...opts }, { ...processIO(), stderrIsTTY: false }));
    const weights = weightsFile(opts, { writes: true, splits: false });
    const reports = files.map(readShardReport);
    const report = mergeShardReports(reports, files, thresholdOf(opts));
    const work = weights && shardsWork(reports, files);
    process.exitCode = finishRun(reporter, report, processIO());
    weights?.keep(
      work,
      report.histories.map((h) => h.file),
    );
  });
}
