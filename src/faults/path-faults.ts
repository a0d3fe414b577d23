import type { HistoryBuilder } from '../history/builder';
import type { HistoryEvent } from '../history/events';
import { activitySteps, stepKind, type ActivityStep } from '../steps/steps';
import type { FaultKind } from './fault';

/**
 * An activity on the followed path that meets a fault instead of its completion: the faulted
 * activity type called again (the fault persists), or a compensation under a `nested:` fault.
 */
export interface PathFault {
  fails(builder: HistoryBuilder, scheduledEventId: number, scheduled: HistoryEvent): boolean;
  failAgain(builder: HistoryBuilder, scheduledEventId: number): void;
}

/**
 * The faults a scenario's path meets after the first one (`afterEventId`, the end of the rewritten
 * history). The compensation's fault comes first: it wins where the faulted activity type is also a
 * compensation.
 */
export function pathFaults(fault: FaultKind, step: ActivityStep, afterEventId: number): PathFault[] {
  const faults: PathFault[] = [];
  const ordinal = fault.nested?.compensation?.ordinal ?? 0;
  const inner = fault.nested?.inner;
  if (inner?.failActivity && ordinal) {
    const failActivity = inner.failActivity;
    faults.push({
      // The `ordinal`-th activity scheduled after the first fault, with that activity's own options.
      fails: (builder, scheduledEventId) => ordinalAfter(builder.events, afterEventId, scheduledEventId) === ordinal,
      failAgain: (builder, scheduledEventId) => failActivity(builder, scheduledEventId, activitySteps(builder.events).find((s) => s.scheduledEventId === scheduledEventId)!),
    });
  }
  if (fault.failActivity && stepKind(step) === 'activity') {
    const failActivity = fault.failActivity;
    faults.push({
      fails: (_builder, _id, scheduled) => scheduled.activityTaskScheduledEventAttributes?.activityType?.name === step.activityType,
      failAgain: (builder, scheduledEventId) => failActivity(builder, scheduledEventId, step),
    });
  }
  return faults;
}

/** Which activity, counting from 1 after `afterEventId`, the one scheduled at `scheduledEventId` is (0: before). */
function ordinalAfter(events: HistoryEvent[], afterEventId: number, scheduledEventId: number): number {
  if (scheduledEventId <= afterEventId) return 0;
  let count = 0;
  for (let id = afterEventId + 1; id <= scheduledEventId; id++) if (events[id - 1]?.activityTaskScheduledEventAttributes) count++;
  return count;
}
