import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity } from '../support/step-fidelity';

describeStepFidelity(faultKind('child-failed'), 'child-workflow', 'bookFlight', (event) =>
  Boolean(event.childWorkflowExecutionFailedEventAttributes),
);
