import { plural } from './cells';
import { findingGroups, scenarioName } from './findings';
import type { Report } from './model';
import type { ReporterKind } from './registry';
import { scoreLine } from './score';
import { annotationData as data, annotationProperty as property } from './escape';

/** A source location a finding names: `(at src/workflows.ts:12:3)`, as the replay errors write it. */
const SOURCE_LOCATION = /\(at ([^()\s]+):(\d+):(\d+)\)/;

/**
 * GitHub Actions workflow commands: one `::error` per distinct finding, at the workflow source line
 * the finding names (a crash's first frame in the team's code), else at the history file; then the
 * fault score as a `::notice` (an `::error` when below --threshold).
 */
export function formatAnnotations(report: Report): string {
  const groups = findingGroups(report);
  const replays = report.histories.filter((h) => !h.replay.ok);
  const lines = replays.map((h) =>
    command(
      { file: h.file },
      `recorded history no longer replays`,
      `${h.file}: ${h.replay.ok ? '' : `${h.replay.outcome}: ${h.replay.message}`}`,
    ),
  );
  for (const group of groups) {
    const first = group.scenarios[0];
    const named = [group.detail ?? '', ...group.scenarios.map((s) => s.scenario.detail ?? '')]
      .map((text) => SOURCE_LOCATION.exec(text))
      .find(Boolean);
    const where = named ? { file: named[1], line: named[2], col: named[3] } : { file: first.history.file };
    const more = group.scenarios.length > 1 ? ` (and ${plural(group.scenarios.length - 1, 'more scenario')})` : '';
    const reason = [group.detail, ...group.laws].filter(Boolean).join('; ');
    const message = [
      `${scenarioName(first.history, first.scenario)}${more}: ${group.outcome}${reason ? ` — ${reason}` : ''}`,
      ...(group.rollback ? [`observed: ${group.rollback}`] : []),
    ].join('\n');
    lines.push(command(where, `fault-replay: ${group.outcome}`, message));
  }
  const score = scoreLine(report.score);
  lines.push(
    report.score.belowThreshold
      ? command({}, 'fault score below the threshold', score, 'error')
      : command({}, 'fault score', score, 'notice'),
  );
  return lines.map((line) => line + '\n').join('');
}

function command(
  where: { file?: string; line?: string; col?: string },
  title: string,
  message: string,
  level: 'error' | 'notice' = 'error',
): string {
  const properties = [
    ...(where.file ? [`file=${property(where.file)}`] : []),
    ...(where.line ? [`line=${where.line}`] : []),
    ...(where.col ? [`col=${where.col}`] : []),
    `title=${property(title)}`,
  ];
  return `::${level} ${properties.join(',')}::${data(message)}`;
}

/** On GitHub Actions (GITHUB_ACTIONS=true) or with --annotations: to stdout, where the runner reads them. */
export const annotationsReporter: ReporterKind = {
  name: 'annotations',
  wanted: (options, io) => Boolean(options.annotations) || io.env.GITHUB_ACTIONS === 'true',
  create: (_options, io) => ({ runDone: (report) => io.stdout(formatAnnotations(report)) }),
};
