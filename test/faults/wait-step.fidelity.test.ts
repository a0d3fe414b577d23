import { expect } from 'chai';
import { faultKind } from '../../src/faults/registry';
import { SignalCatalogue } from '../../src/faults/signal';
import { loadHistoryFile } from '../../src/load/load';
import { historySteps } from '../../src/steps/steps';
import { describeStepFidelity } from '../support/step-fidelity';

// A wait with nothing open (`condition()` without a timeout: test/fixtures/approval-wait) is a step for
// the faults that reach a waiting workflow from outside. The recordings: the trip approved (the
// history the tool rewrites), rejected and cancelled while it waits, each on the dev server
// (`record` with the signal or the cancellation sent once the workflow waits with nothing open).
const APPROVAL = 'test/fixtures/approval-wait';
const files = { happy: `${APPROVAL}/approved.json`, workflows: `${APPROVAL}/workflows.ts` };

describe('waits are steps: a workflow task completed with nothing open, until a signal or a cancellation woke the workflow', () => {
  it('each recording has one, named by what woke it, between the hotel and what followed', () => {
    const steps = (end: string) =>
      historySteps(loadHistoryFile(`${APPROVAL}/${end}.json`).events).map(
        (s) => `${s.kind ?? 'activity'} ${s.activityType}`,
      );
    expect(steps('approved')).to.deep.equal(['activity reserveHotel', 'wait wait(decide)', 'activity chargeCard']);
    expect(steps('cancelled')).to.deep.equal(['activity reserveHotel', 'wait wait(cancel)', 'activity cancelHotel']);
  });

  it('a wait while an activity is open is not one (the activity is the step): the travel-booking corpus has none', () => {
    for (const file of [
      'histories/travel-booking/happy.json',
      'histories/travel-booking/aborted.json',
      'histories/tenant-provisioning/happy.json',
    ]) {
      expect(
        historySteps(loadHistoryFile(file).events).filter((s) => s.kind === 'wait'),
        file,
      ).to.deep.equal([]);
    }
  });
});

describeStepFidelity(
  faultKind('workflow-cancel'),
  'wait',
  'wait(decide)',
  (event) => Boolean(event.workflowExecutionCancelRequestedEventAttributes),
  { ...files, real: `${APPROVAL}/cancelled.json` },
);

const reject = new SignalCatalogue([], { decide: ['reject'] });
describeStepFidelity(
  faultKind('signal:decide', reject),
  'wait',
  'wait(decide)',
  (event) => Boolean(event.workflowExecutionSignaledEventAttributes),
  { ...files, real: `${APPROVAL}/rejected.json` },
);
