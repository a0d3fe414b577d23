import { expect } from 'chai';
import type { Observation, ObservedCommand } from '../../src/judge/observation';
import { findingLine, judgeByLaws } from '../../src/laws/judge-laws';
import { SAGA_LAWS } from '../../src/laws/registry';
import type { SagaSpec } from '../../src/laws/spec';
import type { ActivityStep } from '../../src/steps/steps';

/**
 * Each law on hand-made observations, for the rules no planted-bug variant of saga.ts breaks yet
 * (an undo run twice, a forward step after the fault, a failing undo stopping the others).
 * The live variants are in variants.test.ts.
 */
const SPEC: SagaSpec = {
  workflowType: 'provisionTenant',
  undo: { createTenantRecord: 'deleteTenantRecord', createTenantSchema: 'dropTenantSchema', applyTenantMigrations: 'revertTenantMigrations' },
  noUndo: ['lookupPlan'],
  finally: ['markTenantFailed'],
  order: 'reverse-sequential',
  close: 'failed',
  file: 'x/provisionTenant.saga.json',
};

function steps(...recorded: Array<[string, 'ok' | 'failed']>): ActivityStep[] {
  return recorded.map(([activityType, how], i) => ({
    index: i + 1,
    activityType,
    activityId: String(i + 1),
    scheduledEventId: 5 + 6 * i,
    closeEventType: how === 'ok' ? 'ActivityTaskCompleted' : 'ActivityTaskFailed',
    timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 30, heartbeat: 0 },
  }));
}

const call = (activity: string): ObservedCommand => ({ activity, args: [], options: { taskQueue: "(workflow's)" } });
function observed(tasks: string[][], extra: Partial<Observation> = {}): Observation {
  return { tasks: tasks.map((task) => task.map(call)), close: { status: 'failed', failure: [] }, rounds: tasks.length + 1, ...extra };
}

const FORWARD = steps(['createTenantRecord', 'ok'], ['lookupPlan', 'ok'], ['createTenantSchema', 'ok'], ['applyTenantMigrations', 'ok']);
const AT_MIGRATIONS = FORWARD[3];
const CORRECT = [['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']];

function judged(history: ActivityStep[], faulted: ActivityStep, observation: Observation): string[] {
  return (judgeByLaws(SPEC, history, faulted, observation) ?? []).map(findingLine);
}

describe('saga laws on hand-made paths', () => {
  it('seven rollback laws, each named, and one for the faults that change no outcome', () => {
    expect(SAGA_LAWS.filter((law) => (law.appliesTo ?? 'rollback') === 'rollback')).to.have.length(7);
    expect(SAGA_LAWS.filter((law) => law.appliesTo === 'same-path').map((law) => law.name)).to.deep.equal(['nothing changes when nothing failed']);
  });

  it('the correct rollback breaks no law (noUndo step needs none; the faulted step is not completed)', () => {
    expect(judged(FORWARD, AT_MIGRATIONS, observed(CORRECT))).to.deep.equal([]);
  });

  it('an undo run twice', () => {
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['dropTenantSchema'], ['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([
      'dropTenantSchema ran 2 times for 1 completed createTenantSchema (law: each completed step is undone exactly once, by its own undo)',
    ]);
  });

  it('the undo of the faulted step, which never completed', () => {
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['revertTenantMigrations'], ...CORRECT]))).to.deep.equal([
      'revertTenantMigrations ran but applyTenantMigrations had not completed (law: each completed step is undone exactly once, by its own undo)',
    ]);
  });

  it('a forward step after the fault', () => {
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['applyTenantMigrations'], ...CORRECT]))).to.deep.equal([
      'applyTenantMigrations started after the fault (law: no forward step starts after the fault)',
    ]);
  });

  it('finally before the undos, and never', () => {
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['markTenantFailed'], ['dropTenantSchema'], ['deleteTenantRecord']]))).to.deep.equal([
      'markTenantFailed ran before dropTenantSchema (law: the finally steps run after the undos)',
    ]);
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['dropTenantSchema'], ['deleteTenantRecord']]))).to.deep.equal(['markTenantFailed never ran (law: the finally steps run after the undos)']);
  });

  it('a completed step the spec does not know: the spec must say its undo', () => {
    const history = steps(['createTenantRecord', 'ok'], ['reserveSlug', 'ok'], ['createTenantSchema', 'failed']);
    expect(judged(history, history[2], observed([['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([
      'reserveSlug completed but x/provisionTenant.saga.json names no undo for it (add it to "undo" or "noUndo") (law: every completed step is undone)',
    ]);
  });

  describe('a fault inside the rollback (an undo fails)', () => {
    const rollback = steps(['createTenantRecord', 'ok'], ['createTenantSchema', 'ok'], ['applyTenantMigrations', 'failed'], ['dropTenantSchema', 'ok'], ['deleteTenantRecord', 'ok'], ['markTenantFailed', 'ok']);
    const atDrop = rollback[3];

    it('the other undos go on: no law broken', () => {
      expect(judged(rollback, atDrop, observed([['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([]);
    });

    it('a failing undo stopping the others: the next step is never undone', () => {
      expect(judged(rollback, atDrop, observed([['markTenantFailed']]))).to.deep.equal([
        'createTenantRecord completed but deleteTenantRecord never ran (law: every completed step is undone)',
      ]);
    });

    it('the failed undo run again: a second undo of the same step, named', () => {
      expect(judged(rollback, atDrop, observed([['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([
        'dropTenantSchema ran 2 times for 1 completed createTenantSchema (law: each completed step is undone exactly once, by its own undo)',
      ]);
    });
  });

  it('parallel declared: undos together are fine', () => {
    const parallel = { ...SPEC, order: 'parallel' as const };
    expect((judgeByLaws(parallel, FORWARD, AT_MIGRATIONS, observed([['deleteTenantRecord', 'dropTenantSchema'], ['markTenantFailed']])) ?? []).map(findingLine)).to.deep.equal([]);
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['dropTenantSchema', 'deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([
      'dropTenantSchema, deleteTenantRecord started together in one workflow task (law: undos run one at a time, in reverse order)',
    ]);
  });

  it('a nondeterministic path is not judged by the laws; a stuck one never closes', () => {
    expect(judgeByLaws(SPEC, FORWARD, AT_MIGRATIONS, observed([], { error: { outcome: 'nondeterministic', message: 'x' } }))).to.equal(undefined);
    expect(judged(FORWARD, AT_MIGRATIONS, observed(CORRECT, { close: undefined, error: { outcome: 'stuck', message: 'no command' } }))).to.deep.equal([
      'the workflow never closes (stuck: no command) (law: the workflow closes once, as declared)',
    ]);
  });
});
