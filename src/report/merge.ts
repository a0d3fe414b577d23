import { readFileSync } from 'node:fs';
import { compareFaultLabels } from './cells';
import { exitCodeOf, JSON_REPORT_VERSION, Report, ReportHistory, withVerdict, type Threshold } from './model';
import { fsReason } from '../load/problem';
import { mergeWork, workTableProblem, type WorkTable } from './shard-work';

/**
 * Shard reports (`check --shard i/n --json`) back into the report of the unsharded run: every
 * history once (shards all replay every history), its scenarios from every shard put back in plan
 * order (step, then fault in the run's order), problems once each (every shard reports the load
 * problems; a scenario's problem comes from its own shard), then counts, score and exit code
 * computed as a run computes them.
 */
export function mergeReports(files: string[], threshold?: Threshold): Report {
  return mergeShardReports(
    files.map((file) => readShardReport(file)),
    files,
    threshold,
  );
}

/** The same merge, of reports already read (`check --distribute` gets them from its workers); `names` say where each came from. */
export function mergeShardReports(reports: Report[], names: string[], threshold?: Threshold): Report {
  for (const [i, report] of reports.entries())
    if (!report.shard) throw new Error(`${names[i]}: not a shard's report (made without --shard)`);
  const files = names;
  const count = reports[0].shard!.count;
  const faults = reports[0].shard!.faults;
  const split = reports[0].shard!.split ?? 1;
  const seen = new Set<number>();
  for (const [i, report] of reports.entries()) {
    const shard = report.shard!;
    if (shard.count !== count || JSON.stringify(shard.faults) !== JSON.stringify(faults))
      throw new Error(
        `${files[i]}: shard ${shard.index}/${shard.count} of another run (faults ${shard.faults.join(',')})`,
      );
    if ((shard.split ?? 1) !== split)
      throw new Error(
        `${files[i]}: shard ${shard.index}/${count} was cut by another version of the tool than ${files[0]} (split ${shard.split ?? 1}, not ${split}): run every shard with the same version`,
      );
    if (shard.plan !== reports[0].shard!.plan)
      throw new Error(
        `${files[i]}: shard ${shard.index}/${count} was cut from another plan than ${files[0]} (other histories, or another --weights file): run every shard on the same histories with the same weights`,
      );
    if (seen.has(shard.index)) throw new Error(`${files[i]}: shard ${shard.index}/${count} given twice`);
    seen.add(shard.index);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new Error(
      `${missing.length > 1 ? 'shards' : 'shard'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs every shard's report`,
    );
  const histories = new Map<string, ReportHistory>();
  for (const report of reports) {
    for (const history of report.histories) {
      const merged = histories.get(history.file);
      if (merged) merged.scenarios.push(...history.scenarios);
      else histories.set(history.file, { ...history, scenarios: [...history.scenarios] });
    }
  }
  const order = [
    ...reports[0].histories.map((h) => h.file),
    ...[...histories.keys()].filter((f) => !reports[0].histories.some((h) => h.file === f)),
  ];
  const all = order.map((file) => histories.get(file)!);
  for (const history of all) {
    const keys = new Set<string>();
    for (const s of history.scenarios) {
      const key = `step ${s.step} ${s.activityType} × ${s.fault}`;
      if (keys.has(key))
        throw new Error(`${history.file}: ${key} is in more than one shard: the shards were not cut from one plan`);
      keys.add(key);
    }
  }
  for (const history of all)
    history.scenarios.sort((a, b) => a.step - b.step || compareFaultLabels(a.fault, b.fault, faults));
  const problems = mostOfEach(reports.map((r) => r.problems)).sort();
  const complete = reports.every((r) => r.complete);
  return withVerdict(
    { version: JSON_REPORT_VERSION, exitCode: exitCodeOf(all, problems, complete), complete, problems, histories: all },
    { threshold },
  );
}

/** What the shards' scenarios cost, as one table (a weights file for the next split); `names` say where each report came from. */
export function shardsWork(reports: Report[], names: string[]): WorkTable {
  reports.forEach((report, i) => {
    const problem = report.shard?.work === undefined ? undefined : workTableProblem(report.shard.work);
    if (problem) throw new Error(`${names[i]}: the shard's work is not a table of scenarios: ${problem}`);
  });
  return mergeWork(reports.map((report) => report.shard?.work));
}

export function readShardReport(file: string): Report {
  let report: Report;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read: ${fsReason(err)}`);
  }
  try {
    report = JSON.parse(text) as Report;
  } catch (err) {
    throw new Error(`${file}: not a JSON report (${(err as Error).message})`);
  }
  if (report?.version !== JSON_REPORT_VERSION || !Array.isArray(report.histories))
    throw new Error(`${file}: not a fault-replay JSON report of version ${JSON_REPORT_VERSION}`);
  if (!report.shard) throw new Error(`${file}: not a shard's report (made without --shard)`);
  return report;
}

/** Each line as many times as the shard that has it most often has it. */
function mostOfEach(lists: string[][]): string[] {
  const most = new Map<string, number>();
  for (const list of lists) {
    const here = new Map<string, number>();
    for (const line of list) here.set(line, (here.get(line) ?? 0) + 1);
    for (const [line, n] of here) most.set(line, Math.max(n, most.get(line) ?? 0));
  }
  return [...most.entries()].flatMap(([line, n]) => Array<string>(n).fill(line));
}
