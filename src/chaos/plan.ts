import type { HistoryEvent } from '../history/events';
import type { ChaosFault } from './faults/fault';

/** An activity step of the happy run: where one live run per fault injects. */
export interface ChaosStep {
  index: number;
  activityType: string;
  /** The nth activity of this type in the run (what the interceptor matches on). */
  occurrence: number;
  /** A local activity (found by its marker). */
  local?: true;
}

export interface ChaosScenario {
  step: ChaosStep;
  fault: ChaosFault;
}

/**
 * The happy run's activity steps, optionally only those named (`2`, `createTenantSchema`): every
 * `ActivityTaskScheduled`, and every local activity's marker (once per activity, not per attempt).
 */
export function chaosSteps(happyEvents: HistoryEvent[], only?: string[]): ChaosStep[] {
  const seen = new Map<string, number>();
  const localIds = new Set<string>();
  const steps: ChaosStep[] = [];
  for (const event of happyEvents) {
    const remote = event.activityTaskScheduledEventAttributes?.activityType?.name;
    const local = remote ? undefined : localActivity(event);
    if (local && localIds.has(local.id)) continue;
    if (local) localIds.add(local.id);
    const activityType = remote ?? local?.activityType;
    if (!activityType) continue;
    const occurrence = (seen.get(activityType) ?? 0) + 1;
    seen.set(activityType, occurrence);
    steps.push({ index: steps.length + 1, activityType, occurrence, ...(local ? { local: true } : {}) });
  }
  if (!only?.length) return steps;
  return steps.filter((step) => only.includes(String(step.index)) || only.includes(step.activityType));
}

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The type and id core writes in a local activity's marker (`details.data`, JSON). */
function localActivity(event: HistoryEvent): { activityType: string; id: string } | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const payload = marker.details?.data?.payloads?.[0]?.data;
  if (!payload) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    const activityType = data.activity_type ?? data.activityType;
    const id = data.activity_id ?? data.activityId ?? data.seq;
    return typeof activityType === 'string' ? { activityType, id: String(id) } : undefined;
  } catch {
    return undefined;
  }
}

export function chaosScenarios(steps: ChaosStep[], faults: readonly ChaosFault[]): ChaosScenario[] {
  return steps.flatMap((step) => faults.map((fault) => ({ step, fault })));
}

/** The file a run's history is kept in under `--record DIR`. */
export function historyFileName(scenario?: ChaosScenario): string {
  if (!scenario) return 'happy.json';
  return `step-${scenario.step.index}-${scenario.step.activityType}.${scenario.fault.name}.json`;
}
