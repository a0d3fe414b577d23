import type { HistoryBuilder } from '../history/builder';
import type { HistoryEvent } from '../history/events';
import { historySteps, stepKind, type ActivityStep } from '../steps/steps';
import type { FaultKind } from './fault';

/**
 * Work on the followed path that meets a fault instead of its completion: the faulted activity
 * type called again (the fault persists), or a compensation (an activity, a child workflow, a local
 * activity) under a `nested:` fault.
 */
export interface PathFault {
  /** Whether the activity scheduled, or the child initiated, at `eventId` meets this fault. */
  fails(builder: HistoryBuilder, eventId: number, event: HistoryEvent): boolean;
  /** Writes the fault's events in place of its completion (`startedEventId`: a child's ChildWorkflowExecutionStarted). */
  failAgain(builder: HistoryBuilder, eventId: number, startedEventId?: number): void;
  /** Whether the `rank`-th (1-based) live call of a local activity type on the path meets this fault. */
  failsLocal?(activityType: string, rank: number): boolean;
}

/**
 * The faults a scenario's path meets after the first one. The compensation's fault comes first: it
 * wins where the faulted activity type is also a compensation.
 */
export function pathFaults(fault: FaultKind, step: ActivityStep): PathFault[] {
  const faults: PathFault[] = [];
  const compensation = fault.nested?.compensation;
  const inner = fault.nested?.inner;
  if (inner && compensation) {
    const { kind, activityType, rank } = compensation;
    const rankOf = (
      events: HistoryEvent[],
      eventId: number,
      typeOf: (event: HistoryEvent) => string | null | undefined,
    ) => events.slice(0, eventId).filter((event) => typeOf(event) === activityType).length;
    if (kind === 'activity' && inner.failActivity) {
      const failActivity = inner.failActivity;
      faults.push({
        fails: (builder, eventId, event) =>
          activityTypeOf(event) === activityType && rankOf(builder.events, eventId, activityTypeOf) === rank,
        failAgain: (builder, eventId) => failActivity(builder, eventId, stepAt(builder, eventId)),
      });
    } else if (kind === 'child-workflow' && inner.failChild) {
      const failChild = inner.failChild;
      faults.push({
        fails: (builder, eventId, event) =>
          childTypeOf(event) === activityType && rankOf(builder.events, eventId, childTypeOf) === rank,
        failAgain: (builder, eventId, startedEventId) =>
          failChild(builder, eventId, startedEventId ?? 0, stepAt(builder, eventId)),
      });
    } else if (kind === 'local-activity' && inner.failsLocalActivity) {
      faults.push({
        fails: () => false,
        failAgain: () => undefined,
        failsLocal: (type, callRank) => type === activityType && callRank === rank,
      });
    }
  }
  if (fault.failActivity && stepKind(step) === 'activity') {
    const failActivity = fault.failActivity;
    faults.push({
      fails: (_builder, _id, scheduled) => activityTypeOf(scheduled) === step.activityType,
      failAgain: (builder, scheduledEventId) => failActivity(builder, scheduledEventId, step),
    });
  }
  return faults;
}

function activityTypeOf(event: HistoryEvent): string | null | undefined {
  return event.activityTaskScheduledEventAttributes?.activityType?.name;
}

function childTypeOf(event: HistoryEvent): string | null | undefined {
  return event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name;
}

/** The step (with its own options) the path's work at `eventId` is. */
function stepAt(builder: HistoryBuilder, eventId: number): ActivityStep {
  const step = historySteps(builder.events).find((s) => s.scheduledEventId === eventId);
  if (!step) throw new Error(`event ${eventId} starts no step of the path`);
  return step;
}
