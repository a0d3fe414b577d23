import { EventType } from '../history/events';
import type { FaultKind } from './fault';

/**
 * `local-activity-failed`: the step's local activity fails with a non-retryable ApplicationFailure
 * (the recorder's --fail-activity throws the same for real). A local activity runs in the worker,
 * and core writes its marker: so the rewrite is the recorded history up to the workflow task that
 * ran it, left open, and the tool's live worker runs that task with the activity failing; core
 * then writes the marker with the failure, attempts and backoff exactly as it does in production.
 */
export const localActivityFailed: FaultKind = {
  name: 'local-activity-failed',
  code: 'LAF',
  stepKinds: ['local-activity'],
  failsLocalActivity: true,
  compensationNotApplicable: () => undefined,
  notApplicable(step, history) {
    if (step.closeEventType === 'LocalActivityFailed') return 'the recorded local activity already failed';
    const started = history.events[(step.scheduledByTaskEventId ?? 0) - 2];
    if (started?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
      return 'no workflow task that ran the local activity is on record before its marker';
    return undefined;
  },
  inject: (step, history) => history.events.slice(0, (step.scheduledByTaskEventId ?? 0) - 1),
};
