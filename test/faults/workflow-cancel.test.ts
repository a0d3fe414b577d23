import { expect } from 'chai';
import { workflowCancel } from '../../src/faults/workflow-cancel';
import { notApplicableAt } from '../../src/faults/fault';
import { loadHistoryFile } from '../../src/load/load';
import { historySteps } from '../../src/steps/steps';

describe('workflow-cancel: where a step is pending', () => {
  it('among steps of several kinds, each activity or timer scheduled by a task of its own is a fault point (step numbers count every kind)', () => {
    const history = loadHistoryFile('histories/travel-booking/happy.json');
    const steps = historySteps(history.events);
    const reasons = steps.map(
      (step) =>
        `${step.index} ${step.kind ?? 'activity'} ${notApplicableAt(workflowCancel, step, history) ?? 'applies'}`,
    );
    expect(reasons).to.deep.equal([
      '1 local-activity the step is a local activity: workflow-cancel hits activities, timers and waits only',
      '2 activity applies',
      '3 child-workflow the step is a child workflow: workflow-cancel hits activities, timers and waits only',
      '4 timer applies',
      '5 activity applies',
    ]);
  });

  it('a second activity scheduled by the same workflow task is judged at the first (both pending at the same moment)', () => {
    const history = loadHistoryFile('test/fixtures/cancel-saga/histories/parallel-happy.json');
    const steps = historySteps(history.events);
    const together = steps.filter((step) =>
      steps.some((other) => other !== step && other.scheduledByTaskEventId === step.scheduledByTaskEventId),
    );
    expect(together.length, 'the fixture schedules two steps in one task').to.be.at.least(2);
    expect(workflowCancel.notApplicable(together[0], history)).to.equal(undefined);
    expect(workflowCancel.notApplicable(together[1], history)).to.match(
      new RegExp(`^the same moment as step ${together[0].index} `),
    );
  });
});
