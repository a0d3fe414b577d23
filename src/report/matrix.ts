import type { Report, ReportHistory } from './model';
import { CELL, cellOutcome, faultColumns, outcomeLegend, plural } from './cells';
import { kindOfLabel } from '../faults/nested';
import { percentText } from './score';

/**
 * Per history, a step × fault matrix: one row per step (its index, kind and activity type), one
 * column per fault kind (a short code, named in the legend), one or two characters a cell.
 */
export function matrixLines(report: Report): string[] {
  const columns = faultColumns(report.histories.flatMap((h) => h.scenarios.map((s) => s.fault)));
  const blocks = report.histories.flatMap((history) => [...historyBlock(history, columns), '']);
  if (columns.length === 0) return blocks;
  return [...blocks, `faults: ${columns.map((c) => `${c.code} ${c.fault}`).join(' · ')}`, outcomeLegend()];
}

function historyBlock(history: ReportHistory, allColumns: Array<{ fault: string; code: string }>): string[] {
  const columns = allColumns.filter((c) => history.scenarios.some((s) => kindOfLabel(s.fault) === c.fault));
  const steps = [...new Map(history.scenarios.map((s) => [s.step, s])).values()];
  const judges = [...new Set(history.scenarios.flatMap((s) => s.judgedBy))];
  const part = scoreOfHistory(history);
  const title = `${history.file}  (${history.workflowType}, ${plural(steps.length, 'step')})${judges.length ? `  judged by ${judges.join(' + ')}` : ''}${part ? `  score ${part}` : ''}`;
  const replay = history.replay.ok ? [] : [`  recorded history: ${history.replay.outcome}: ${history.replay.message}`];
  if (steps.length === 0) return [title, ...replay];
  const labels = steps.map((s) => `${String(s.step).padStart(3)} ${s.stepKind ?? 'activity'} ${s.activityType}`);
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  const cellWidth = Math.max(3, ...columns.map((c) => c.code.length + 1));
  const header = `  ${'step'.padEnd(width)}${columns.map((c) => c.code.padEnd(cellWidth)).join('')}`.trimEnd();
  const rows = steps.map((step, index) => {
    const cells = columns.map((c) => {
      const outcome = cellOutcome(history.scenarios, step.step, c.fault);
      return (outcome ? CELL[outcome] : ' ').padEnd(cellWidth);
    });
    return `  ${labels[index].padEnd(width)}${cells.join('')}`.trimEnd();
  });
  return [title, ...replay, header, ...rows];
}

function scoreOfHistory(history: ReportHistory): string | undefined {
  const applicable = history.scenarios.filter((s) => s.outcome !== 'not-applicable' && s.outcome !== 'could-not-run');
  if (applicable.length === 0) return undefined;
  const compensated = applicable.filter((s) => s.outcome === 'compensated').length;
  return percentText({
    compensated,
    applicable: applicable.length,
    percent: Math.floor((compensated / applicable.length) * 10_000) / 100,
  });
}
