import { expect } from 'chai';
import { liveTask, ObserverEvent } from '../../src/replay/activations';

const scheduleA = { scheduleActivity: { seq: 1, activityType: 'a' } };
const scheduleB = { scheduleActivity: { seq: 2, activityType: 'b' } };
const thrown = {
  type: 'TypeError',
  message: "Cannot read properties of undefined (reading 'x')",
  stack: 'TypeError: ...\n    at rollback (/repo/src/workflows.ts:12:3)',
};

describe('liveTask: the workflow task the replayer ran live, from the observer events', () => {
  it('takes the commands of every live activation, in order (not only the last one)', () => {
    const events: ObserverEvent[] = [
      { kind: 'started', replaying: false },
      { kind: 'concluded', replaying: false, commands: [scheduleA], usedFlags: [] },
      { kind: 'started', replaying: false },
      { kind: 'concluded', replaying: false, commands: [scheduleB], usedFlags: [1] },
    ];
    const task = liveTask(events);
    expect(task.commands).to.deep.equal([scheduleA, scheduleB]);
    expect(task.usedFlags).to.deep.equal([1]);
    expect(task.failure).to.equal(undefined);
  });

  it('leaves out the activations replayed from history', () => {
    const events: ObserverEvent[] = [
      { kind: 'started', replaying: true },
      { kind: 'concluded', replaying: true, commands: [scheduleA], usedFlags: [] },
      { kind: 'started', replaying: false },
      { kind: 'concluded', replaying: false, commands: [scheduleB], usedFlags: [] },
    ];
    expect(liveTask(events).commands).to.deep.equal([scheduleB]);
  });

  it('an activation that started and never concluded failed the task: the failure names the thrown error', () => {
    const events: ObserverEvent[] = [
      { kind: 'started', replaying: false },
      { kind: 'threw', replaying: false, error: thrown },
    ];
    const task = liveTask(events);
    expect(task.ran).to.equal(true);
    expect(task.failure).to.match(
      /^TypeError: Cannot read properties of undefined \(reading 'x'\) \(at .*repo\/src\/workflows\.ts:12:3\)$/,
    );
  });

  it('a failure with no error the tool could see still fails the task', () => {
    const task = liveTask([{ kind: 'started', replaying: false }]);
    expect(task.failure).to.match(/^the workflow task failed/);
  });

  it('an error thrown and then concluded (a workflow failure, not a task failure) is no crash', () => {
    const events: ObserverEvent[] = [
      { kind: 'started', replaying: false },
      { kind: 'threw', replaying: false, error: { ...thrown, type: 'ApplicationFailure' } },
      { kind: 'concluded', replaying: false, commands: [{ failWorkflowExecution: {} }], usedFlags: [] },
    ];
    expect(liveTask(events).failure).to.equal(undefined);
  });

  it('nothing live at all: the replayer never ran the answering task', () => {
    expect(liveTask([{ kind: 'started', replaying: true }]).ran).to.equal(false);
  });
});
