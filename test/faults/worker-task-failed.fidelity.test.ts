import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity, TRAVEL_FAULTS } from '../support/step-fidelity';

// The worker fails the workflow task that starts the step, once (`record --fail-task-scheduling`):
// at quoteTrip (a local activity) that is the first workflow task, which also schedules reserveHotel
// (normal queue: retried as attempt 2); at chargeCard a task on the worker's sticky queue (the server
// drops stickiness: retried as attempt 1); the task that starts the abort window's timer.
const fault = faultKind('worker-crash:task-failed');
const failed = (event: { workflowTaskFailedEventAttributes?: unknown }) =>
  Boolean(event.workflowTaskFailedEventAttributes);
describeStepFidelity(fault, 'local-activity', 'quoteTrip', failed, {
  real: `${TRAVEL_FAULTS}/worker-task-failed-quoteTrip.json`,
});
describeStepFidelity(fault, 'activity', 'chargeCard', failed, {
  real: `${TRAVEL_FAULTS}/worker-task-failed-chargeCard.json`,
});
describeStepFidelity(fault, 'timer', 'timer(2s)', failed, { real: `${TRAVEL_FAULTS}/worker-task-failed-timer.json` });
