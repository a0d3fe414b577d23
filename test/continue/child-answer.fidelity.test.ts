import { activityFailed } from '../../src/faults/activity-failed';
import { describeStepFidelity } from '../support/step-fidelity';

/**
 * The path after the last step fails runs the undo that is a child workflow (cancelFlight): the
 * tool's StartChildWorkflowExecutionInitiated (every field the server fills in), the child's start,
 * the workflow task between, and its completion equal the real history, event by event.
 */
describeStepFidelity(activityFailed, 'activity', 'chargeCard', (event) =>
  Boolean(event.activityTaskFailedEventAttributes),
);
