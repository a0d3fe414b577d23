import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity } from '../support/step-fidelity';

describeStepFidelity(faultKind('child-terminated'), 'child-workflow', 'bookFlight', (event) =>
  Boolean(event.childWorkflowExecutionTerminatedEventAttributes),
);
