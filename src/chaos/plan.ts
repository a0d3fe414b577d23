import { localActivityData } from '../steps/local-activity-steps';
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
  /** The child workflow that runs this activity, if not the run's own workflow. */
  childType?: string;
}

export interface ChaosScenario {
  step: ChaosStep;
  fault: ChaosFault;
}

/** A history the steps are read from: the happy run's, or one of its child workflows'. */
export interface StepSource {
  events: HistoryEvent[];
  /** The child workflow's type; undefined for the run's own history. */
  childType?: string;
}

/**
 * The happy run's activity steps, optionally only those named (`2`, `createTenantSchema`): every
 * `ActivityTaskScheduled` and every local activity's marker (once per activity, not per attempt),
 * of the run and of its child workflows, in the order the server wrote them.
 */
export function chaosSteps(sources: StepSource[], only?: string[]): ChaosStep[] {
  const seen = new Map<string, number>();
  const steps: ChaosStep[] = [];
  for (const found of stepEvents(sources)) {
    const occurrence = (seen.get(found.activityType) ?? 0) + 1;
    seen.set(found.activityType, occurrence);
    steps.push({
      index: steps.length + 1,
      activityType: found.activityType,
      occurrence,
      ...(found.local ? { local: true as const } : {}),
      ...(found.childType ? { childType: found.childType } : {}),
    });
  }
  if (!only?.length) return steps;
  return steps.filter((step) => only.includes(String(step.index)) || only.includes(step.activityType));
}

interface StepEvent {
  activityType: string;
  local: boolean;
  childType?: string;
  time: number;
  order: number;
}

function stepEvents(sources: StepSource[]): StepEvent[] {
  const found: StepEvent[] = [];
  sources.forEach(({ events, childType }) => {
    const localIds = new Set<string>();
    for (const event of events) {
      const remote = event.activityTaskScheduledEventAttributes?.activityType?.name;
      const local = remote ? undefined : localActivity(event);
      if (local && localIds.has(local.id)) continue;
      if (local) localIds.add(local.id);
      const activityType = remote ?? local?.activityType;
      if (activityType)
        found.push({ activityType, local: Boolean(local), childType, time: timeOf(event), order: found.length });
    }
  });
  return found.sort((a, b) => a.time - b.time || a.order - b.order);
}

function timeOf(event: HistoryEvent): number {
  const time = event.eventTime;
  return time ? Number(time.seconds ?? 0) * 1e3 + (time.nanos ?? 0) / 1e6 : 0;
}

/** The type and id core writes in a local activity's marker. */
function localActivity(event: HistoryEvent): { activityType: string; id: string } | undefined {
  const data = localActivityData(event);
  return data && typeof data.activity_type === 'string'
    ? { activityType: data.activity_type, id: String(data.activity_id ?? data.seq) }
    : undefined;
}

export function chaosScenarios(steps: ChaosStep[], faults: readonly ChaosFault[]): ChaosScenario[] {
  return steps.flatMap((step) => faults.map((fault) => ({ step, fault })));
}

/** The file a run's history is kept in under `--record DIR`. */
export function historyFileName(scenario?: ChaosScenario): string {
  if (!scenario) return 'happy.json';
  return `step-${scenario.step.index}-${scenario.step.activityType}.${scenario.fault.name}.json`;
}
