import type { ScenarioObservation } from '../model/scenario';
import type { Scenario } from '../model/scenario';
import { compactRollback } from './compact';
import { ActivityStep } from '../steps/steps';
import { isFaultName } from '../faults/registry';
import { findEntry } from './golden';
import { GoldenEntry, GoldenFile } from '../model/golden';
import { stable } from './render';
import type { GoldenUpdate, StaleEntry } from '../model/results';

/** An observation --update may record: not a crash, a hang, a nondeterministic or an unfollowed path. */
export function recordable(observed: ScenarioObservation): boolean {
  return 'notApplicable' in observed || !observed.error;
}

/** Golden entries no scenario produces any more: the history has no such step, or no such fault kind exists. */
export function staleEntries(golden: GoldenFile | undefined, steps: ActivityStep[]): StaleEntry[] {
  if (!golden) return [];
  return golden.scenarios.flatMap((entry) => {
    const base = { step: entry.step, activityType: entry.activityType, fault: entry.fault };
    if (!steps.some((step) => step.index === entry.step && step.activityType === entry.activityType)) {
      return [{ ...base, reason: `the history has no step ${entry.step} ${entry.activityType}` }];
    }
    if (!isFaultName(entry.fault)) return [{ ...base, reason: `no fault kind ${entry.fault} exists` }];
    return [];
  });
}

export function scenarioKey(entry: { step: number; activityType: string; fault: string }): string {
  return `step ${entry.step} ${entry.activityType} × ${entry.fault}`;
}

function shape(entry: GoldenEntry): string {
  if (entry.notApplicable) return `not applicable: ${entry.notApplicable}`;
  return compactRollback(entry);
}

function comparable(entry: GoldenEntry): string {
  const { step: _step, activityType: _type, fault: _fault, ...rest } = entry;
  return stable(rest);
}

/** What --update did, scenario by scenario, against the golden file it replaced. */
export function goldenUpdate(
  previous: GoldenFile | undefined,
  next: GoldenFile,
  followed: Array<{ scenario: Scenario; observed: ScenarioObservation }>,
  stale: StaleEntry[],
): GoldenUpdate {
  const update: GoldenUpdate = { added: [], changed: [], removed: [], unchanged: 0, refused: [] };
  for (const { scenario, observed } of followed) {
    const key = { step: scenario.step.index, activityType: scenario.step.activityType, fault: scenario.fault.name };
    const was = findEntry(previous, key.step, key.activityType, key.fault);
    if (!recordable(observed)) {
      const error = 'error' in observed ? observed.error : undefined;
      update.refused.push({
        scenario: scenarioKey(key),
        outcome: error?.outcome ?? 'could-not-run',
        kept: was !== undefined,
      });
      continue;
    }
    const now = findEntry(next, key.step, key.activityType, key.fault);
    if (!now) continue;
    if (!was) update.added.push({ scenario: scenarioKey(key), now: shape(now) });
    else if (comparable(was) !== comparable(now))
      update.changed.push({ scenario: scenarioKey(key), was: shape(was), now: shape(now) });
    else update.unchanged++;
  }
  for (const entry of stale) {
    const was = findEntry(previous, entry.step, entry.activityType, entry.fault);
    update.removed.push({ scenario: scenarioKey(entry), was: was ? shape(was) : '', reason: entry.reason });
  }
  return update;
}
