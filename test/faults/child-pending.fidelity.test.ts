import { expect } from 'chai';
import { notApplicableAt } from '../../src/faults/fault';
import { faultKind } from '../../src/faults/registry';
import { SignalCatalogue } from '../../src/faults/signal';
import { loadHistoryFile } from '../../src/load/load';
import { historySteps } from '../../src/steps/steps';
import { describeStepFidelity, TRAVEL_FAULTS, TRAVEL_HAPPY } from '../support/step-fidelity';

// A signal while a child workflow runs: the travel-booking saga's abort signal sent once the workflow
// has seen the flight child start (the child waits 3 s first: the recorder's slowChildren,
// `npm run record:travel-booking`). The saga only notes the abort; the child completes, and the
// abort window then sees it at once: the undos run (the cancelFlight child, cancelHotel).
const signals = new SignalCatalogue([loadHistoryFile('histories/travel-booking/aborted.json')]);
describeStepFidelity(
  faultKind('signal:abort', signals),
  'child-workflow',
  'bookFlight',
  (event) => Boolean(event.workflowExecutionSignaledEventAttributes),
  {
    real: `${TRAVEL_FAULTS}/signal-abort-bookFlight.json`,
  },
);

describe('workflow-cancel does not hit a child workflow (cancelling the workflow cancels the child: its own code answers)', () => {
  it('is not applicable at bookFlight, naming the kinds it hits; signal:abort is', () => {
    const happy = loadHistoryFile(TRAVEL_HAPPY);
    const bookFlight = historySteps(happy.events).find((s) => s.activityType === 'bookFlight')!;
    expect(notApplicableAt(faultKind('workflow-cancel'), bookFlight, happy)).to.equal(
      'the step is a child workflow: workflow-cancel hits activities, timers and waits only',
    );
    expect(notApplicableAt(faultKind('signal:abort', signals), bookFlight, happy)).to.equal(undefined);
  });
});
