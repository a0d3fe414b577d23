import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity, TRAVEL_FAULTS } from '../support/step-fidelity';

// The worker fails the workflow task that schedules the step, once (`record --fail-task-scheduling`):
// at reserveHotel that is the first workflow task (normal queue: retried as attempt 2), at chargeCard
// a task on the worker's sticky queue (the server drops stickiness: retried as attempt 1).
const fault = faultKind('worker-crash:task-failed');
for (const step of ['reserveHotel', 'chargeCard']) {
  describeStepFidelity(fault, 'activity', step, (event) => Boolean(event.workflowTaskFailedEventAttributes), { real: `${TRAVEL_FAULTS}/worker-task-failed-${step}.json` });
}
