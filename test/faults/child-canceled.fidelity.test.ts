import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity } from '../support/step-fidelity';

describeStepFidelity(faultKind('child-canceled'), 'child-workflow', 'bookFlight', (event) =>
  Boolean(event.childWorkflowExecutionCanceledEventAttributes),
);
