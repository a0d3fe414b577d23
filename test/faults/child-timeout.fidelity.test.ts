import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity } from '../support/step-fidelity';

describeStepFidelity(faultKind('child-timeout'), 'child-workflow', 'bookFlight', (event) =>
  Boolean(event.childWorkflowExecutionTimedOutEventAttributes),
);
