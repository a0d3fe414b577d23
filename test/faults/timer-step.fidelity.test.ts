import { faultKind } from '../../src/faults/registry';
import { SignalCatalogue } from '../../src/faults/signal';
import { loadHistoryFile } from '../../src/load/load';
import { describeStepFidelity, TRAVEL_FAULTS } from '../support/step-fidelity';

// A timer is a step for the faults that reach a waiting workflow from outside. Both recordings are
// the travel-booking saga waiting in its abort window (`condition(…, '2 seconds')`) on the dev server.
describeStepFidelity(
  faultKind('workflow-cancel'),
  'timer',
  'timer(2s)',
  (event) => Boolean(event.workflowExecutionCancelRequestedEventAttributes),
  { real: `${TRAVEL_FAULTS}/workflow-cancel-timer.json` },
);

const aborted = 'histories/travel-booking/aborted.json';
const signals = new SignalCatalogue([loadHistoryFile(aborted)]);
describeStepFidelity(
  faultKind('signal:abort', signals),
  'timer',
  'timer(2s)',
  (event) => Boolean(event.workflowExecutionSignaledEventAttributes),
  { real: aborted },
);
