import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { commandLines, lastTask } from '../../src/replay/last-task';

const HAPPY = 'histories/tenant-provisioning/happy.json';

describe('the proof replay’s last task (src/replay/last-task.ts)', () => {
  const events = loadHistoryFile(HAPPY).events;

  it('a closed history: events up to its last WorkflowTaskStarted, and the commands that task answered as the server recorded them', () => {
    const task = lastTask(events)!;
    const started = events.map((e) => Boolean(e.workflowTaskStartedEventAttributes)).lastIndexOf(true);
    expect(task.events).to.have.length(started + 1);
    expect(task.commands).to.deep.equal(['completeWorkflowExecution']);
  });

  it('an open task (the history ends with WorkflowTaskStarted): no commands to compare, the worker runs it live', () => {
    const scheduled = events.findIndex((e) => e.activityTaskScheduledEventAttributes);
    const task = lastTask(events.slice(0, scheduled - 1))!; // up to the first task's WorkflowTaskStarted
    expect(task.commands).to.equal(undefined);
    expect(lastTask(events.slice(0, 2))).to.equal(undefined);
  });

  it('a worker’s commands in the same words, so a different answer is told apart', () => {
    const schedule = (name: string, id: string) => ({
      scheduleActivityTaskCommandAttributes: { activityType: { name }, activityId: id },
    });
    expect(
      commandLines([schedule('dropTenantSchema', '5'), { completeWorkflowExecutionCommandAttributes: {} }]),
    ).to.deep.equal(['scheduleActivityTask dropTenantSchema (activity id 5)', 'completeWorkflowExecution']);
  });

  it('a failed close carries its failure: a worker that fails the workflow on a nondeterminism error does not pass for the path’s own failure', () => {
    const failed = loadHistoryFile('histories/tenant-provisioning/real-failure-createTenantRecord.json').events;
    const [recorded] = lastTask(failed)!.commands!;
    const failure = failed.at(-1)!.workflowExecutionFailedEventAttributes!.failure!;
    expect(recorded).to.equal(
      `failWorkflowExecution ${failure.applicationFailureInfo?.type ?? ''}: ${failure.message}`,
    );
    expect(commandLines([{ failWorkflowExecutionCommandAttributes: { failure } }])).to.deep.equal([recorded]);
    const nondeterminism = {
      message: 'Nondeterminism error: activity type mismatch',
      applicationFailureInfo: { type: 'NondeterminismError' },
    };
    expect(commandLines([{ failWorkflowExecutionCommandAttributes: { failure: nondeterminism } }])).to.not.deep.equal([
      recorded,
    ]);
  });
});
