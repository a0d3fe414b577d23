import { expect } from 'chai';
import { findingLine, judgeByLaws } from '../../src/laws/judge-laws';
import type { SagaSpec } from '../../src/laws/spec';
import type { Observation } from '../../src/model/observation';
import type { ActivityStep } from '../../src/steps/steps';

/**
 * "Completed" is what the path says: a parallel sibling of the faulted step (one workflow task
 * started both) that completed must be undone; one the path leaves open is unsure (no finding), unless
 * nothing can stop it (no heartbeat timeout): then it completes unseen. Hand-made steps, as in
 * laws.test.ts; on real code: saga-shapes.test.ts (Promise.all, TRY_CANCEL) and live-facts.
 */
const SPEC: SagaSpec = {
  workflowType: 'provisionTenant',
  undo: {
    createTenantRecord: 'deleteTenantRecord',
    createTenantSchema: 'dropTenantSchema',
    applyTenantMigrations: 'revertTenantMigrations',
  },
  noUndo: [],
  finally: ['markTenantFailed'],
  undoFailedStep: false,
  order: 'reverse-sequential',
  close: 'failed',
  file: 'x/provisionTenant.saga.json',
};

/** createTenantRecord, then createTenantSchema (faulted) and applyTenantMigrations started by one workflow task. */
function steps(sibling: { close?: string; heartbeat: number }): ActivityStep[] {
  const step = (
    index: number,
    activityType: string,
    task: number,
    close: string | undefined,
    heartbeat = 0,
  ): ActivityStep => ({
    index,
    activityType,
    activityId: String(index),
    scheduledEventId: 5 + 6 * index,
    scheduledByTaskEventId: task,
    ...(close ? { closeEventType: close } : {}),
    timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 30, heartbeat },
  });
  return [
    step(1, 'createTenantRecord', 4, 'ActivityTaskCompleted'),
    step(2, 'createTenantSchema', 10, 'ActivityTaskCompleted'),
    step(3, 'applyTenantMigrations', 10, sibling.close, sibling.heartbeat),
  ];
}

const call = (activity: string) => ({ activity, args: [], options: { taskQueue: "(workflow's)" } });
const observed = (tasks: string[][]): Observation => ({
  tasks: tasks.map((t) => t.map(call)),
  close: { status: 'failed', failure: [] },
  rounds: tasks.length + 1,
});
const judged = (history: ActivityStep[], tasks: string[][]) =>
  (judgeByLaws(SPEC, history, history[1], observed(tasks)) ?? []).map(findingLine);

describe('saga laws: completed means completed on the path', () => {
  it('a parallel sibling that completed after the fault is undone, or the law names it', () => {
    const history = steps({ close: 'ActivityTaskCompleted', heartbeat: 0 });
    expect(judged(history, [['revertTenantMigrations'], ['deleteTenantRecord'], ['markTenantFailed']])).to.deep.equal(
      [],
    );
    expect(judged(history, [['deleteTenantRecord'], ['markTenantFailed']])).to.deep.equal([
      'applyTenantMigrations completed but revertTenantMigrations never ran (law: every completed step is undone)',
    ]);
  });

  it('a sibling the path leaves open, which heartbeats (a cancellation or the close reaches it): unsure, no finding either way', () => {
    const history = steps({ heartbeat: 5 });
    expect(judged(history, [['deleteTenantRecord'], ['markTenantFailed']])).to.deep.equal([]);
    expect(judged(history, [['revertTenantMigrations'], ['deleteTenantRecord'], ['markTenantFailed']])).to.deep.equal(
      [],
    );
  });

  it('a sibling left open with no heartbeat timeout: nothing stops it, it completes unseen and must be undone', () => {
    expect(judged(steps({ heartbeat: 0 }), [['deleteTenantRecord'], ['markTenantFailed']])).to.deep.equal([
      'applyTenantMigrations completed after the workflow closed (it was still running, and it sets no heartbeat timeout: nothing stops it) but revertTenantMigrations never ran (law: every completed step is undone)',
    ]);
  });
});
