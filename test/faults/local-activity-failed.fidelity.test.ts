import { localActivityFailed } from '../../src/faults/local-activity-failed';
import { describeStepFidelity } from '../support/step-fidelity';

describeStepFidelity(localActivityFailed, 'local-activity', 'quoteTrip', (event) =>
  Boolean(event.markerRecordedEventAttributes?.failure),
);
