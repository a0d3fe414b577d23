import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity } from '../support/step-fidelity';

// A child with a retry policy: the server starts its timed-out runs again, and the parent sees the
// timeout only when the attempts run out (MAXIMUM_ATTEMPTS_REACHED) or the execution timeout would
// pass (TIMEOUT). Both recorded with the child hanging for real (npm run record:child-retry).
const histories = 'test/fixtures/child-retry/histories';
for (const workflowType of ['holdWithRetriedRuns', 'holdWithExecutionTimeout']) {
  describeStepFidelity(
    faultKind('child-timeout'),
    'child-workflow',
    'confirm',
    (event) => Boolean(event.childWorkflowExecutionTimedOutEventAttributes),
    {
      happy: `${histories}/${workflowType}-happy.json`,
      real: `${histories}/${workflowType}-child-timeout.json`,
      workflows: 'test/fixtures/child-retry/workflows.ts',
    },
  );
}
