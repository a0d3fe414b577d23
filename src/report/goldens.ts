import { plural } from './cells';
import type { Report } from './model';

/** What --update did per golden file, and golden entries no scenario produces any more. */
export function goldenLines(report: Report): string[] {
  return report.histories.flatMap((history) => {
    const lines: string[] = [];
    const u = history.update;
    if (u) {
      const counts = [
        `${u.added.length} added`,
        `${u.changed.length} changed`,
        `${u.removed.length} removed`,
        `${u.unchanged} unchanged`,
      ];
      if (u.refused.length) counts.push(`${u.refused.length} not recorded`);
      lines.push(`--update ${history.golden}: ${counts.join(', ')}`);
      for (const a of u.added) lines.push(`  + ${a.scenario}: ${a.now}`);
      for (const c of u.changed) lines.push(`  ~ ${c.scenario}:`, `      was ${c.was}`, `      now ${c.now}`);
      for (const r of u.removed) lines.push(`  - ${r.scenario}: ${r.reason}${r.was ? ` (was ${r.was})` : ''}`);
      for (const r of u.refused) {
        lines.push(
          `  ! ${r.scenario}: not recorded: ${r.outcome} stays a finding${r.kept ? ' (its old entry is kept)' : ''}`,
        );
      }
    }
    if (history.stale?.length) {
      lines.push(
        `${history.golden}: ${plural(history.stale.length, 'stale entry', 'stale entries')} (no scenario produces them; --update removes them):`,
      );
      for (const s of history.stale) lines.push(`  step ${s.step} ${s.activityType} × ${s.fault}: ${s.reason}`);
    }
    return lines.length ? [...lines, ''] : [];
  });
}
