/**
 * ChildRuns' bookkeeping (src/continue/child-runs.ts) on a path written here, with a worker that
 * answers every task of a child by completing it: which runs a parent's later signal or
 * cancellation voids, and which it cannot. The runs themselves are tested live in child-run.test.ts
 * and test/transfer/verdicts.test.ts.
 */
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { ChildRuns } from '../../src/continue/child-runs';
import type { FollowEngine } from '../../src/continue/engine';
import { EventType, long, type HistoryEvent } from '../../src/history/events';
import { PayloadDecoder } from '../../src/replay/decode';
import type { TaskAnswer } from '../../src/live/pool';

const QUEUE = 'q';
const scenario = () => ({ fault: 'activity-failed', step: { index: 1, activityType: 'a' }, completed: [] });

function event(id: number, attributes: Partial<HistoryEvent>, eventType: number): HistoryEvent {
  return { eventId: long(id), eventTime: { seconds: long(1_000 + id), nanos: 0 }, eventType, ...attributes };
}

function childStart(id: number, workflowId: string): HistoryEvent {
  return event(
    id,
    {
      startChildWorkflowExecutionInitiatedEventAttributes: {
        workflowId,
        workflowType: { name: 'undo' },
        taskQueue: { name: QUEUE },
      },
    },
    EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  );
}

function signal(id: number, workflowId: string): HistoryEvent {
  return event(
    id,
    {
      signalExternalWorkflowExecutionInitiatedEventAttributes: {
        workflowExecution: { workflowId },
        signalName: 'go',
      },
    },
    EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  );
}

/** A worker whose child tasks all complete the child (or all fail, from the first task on). */
function engine(answer: 'complete' | 'crash'): FollowEngine {
  const CommandType = temporal.api.enums.v1.CommandType;
  const completed = {
    completed: {
      commands: [
        {
          commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    },
  } as unknown as TaskAnswer;
  const crashed = { failed: { failure: { message: 'Cannot read properties of undefined' } } } as unknown as TaskAnswer;
  return {
    live: { runTask: () => Promise.resolve(answer === 'complete' ? completed : crashed), forget: () => undefined },
    prove: () => Promise.reject(new Error('no proof here')),
    runsChildren: true,
  };
}

function runs(worker: FollowEngine): ChildRuns {
  return new ChildRuns({ workflowId: 'parent', runId: 'run', namespace: 'default', taskQueue: QUEUE }, 0, worker, {
    decoder: new PayloadDecoder(),
    maxRounds: 10,
  });
}

describe('ChildRuns: which runs stand', () => {
  it('a run child the parent signals afterwards is answered as before (it was run alone); another child keeps its run', async () => {
    const children = runs(engine('complete'));
    const path = [childStart(1, 'undo-1'), childStart(2, 'undo-2')];
    await children.runNew(path, scenario, new Set());
    expect([children.childTime(1), children.childTime(2)]).to.deep.equal([1_000, 1_000]);
    path.push(signal(3, 'undo-1'));
    await children.runNew(path, scenario, new Set());
    expect([children.childTime(1), children.childTime(2)]).to.deep.equal([undefined, 1_000]);
  });

  it('a child whose first task fails for ever stays so, signalled or cancelled: nothing reaches its code', async () => {
    const children = runs(engine('crash'));
    const path = [childStart(1, 'undo-1'), signal(2, 'undo-1')];
    await children.runNew(path, scenario, new Set());
    expect(children.childTime(1)).to.equal(Infinity);
    expect(children.ignoresCancel(1)).to.equal(true);
  });

  it('a crash after the parent assumed an answer is not a fact about the child: its close is unknown', async () => {
    const children = runs(engine('crash'));
    await children.runNew([childStart(1, 'undo-1')], scenario, new Set(['planUndo']));
    expect(children.childTime(1)).to.equal(undefined);
    expect(children.neverClosing([])).to.equal('');
  });
});
