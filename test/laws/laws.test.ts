import { expect } from 'chai';
import type { Observation, ObservedCommand } from '../../src/model/observation';
import { findingLine, judgeByLaws } from '../../src/laws/judge-laws';
import { SAGA_LAWS } from '../../src/laws/registry';
import type { SagaSpec } from '../../src/laws/spec';
import type { ActivityStep } from '../../src/steps/steps';

/**
 * Each law on hand-made observations, every rule broken and caught. The same rules on code that
 * really breaks them: variants.test.ts and variants-fulfilment.test.ts (planted bugs of the two
 * reference sagas), test/truthful/verdicts.laws.test.ts (an undo run twice, a forward step after
 * the fault, a failing undo stopping the others, each with its live recording).
 */
const SPEC: SagaSpec = {
  workflowType: 'provisionTenant',
  undo: {
    createTenantRecord: 'deleteTenantRecord',
    createTenantSchema: 'dropTenantSchema',
    applyTenantMigrations: 'revertTenantMigrations',
  },
  noUndo: ['lookupPlan'],
  finally: ['markTenantFailed'],
  undoFailedStep: false,
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
  return {
    tasks: tasks.map((task) => task.map(call)),
    close: { status: 'failed', failure: [] },
    rounds: tasks.length + 1,
    ...extra,
  };
}

const FORWARD = steps(
  ['createTenantRecord', 'ok'],
  ['lookupPlan', 'ok'],
  ['createTenantSchema', 'ok'],
  ['applyTenantMigrations', 'ok'],
);
const AT_MIGRATIONS = FORWARD[3];
const CORRECT = [['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']];

function judged(history: ActivityStep[], faulted: ActivityStep, observation: Observation): string[] {
  return (judgeByLaws(SPEC, history, faulted, observation) ?? []).map(findingLine);
}

describe('saga laws on hand-made paths', () => {
  it('ten rollback laws, each named, and one for the faults that change no outcome', () => {
    expect(SAGA_LAWS.filter((law) => (law.appliesTo ?? 'rollback') === 'rollback')).to.have.length(10);
    expect(SAGA_LAWS.filter((law) => law.appliesTo === 'same-path').map((law) => law.name)).to.deep.equal([
      'nothing changes when nothing failed',
    ]);
  });

  it('the correct rollback breaks no law (noUndo step needs none; the faulted step is not completed)', () => {
    expect(judged(FORWARD, AT_MIGRATIONS, observed(CORRECT))).to.deep.equal([]);
  });

  it('when an undo fails (nested:<fault>): running it again is not a finding; an undo never issued still is', () => {
    const retried = observed([
      ['dropTenantSchema'],
      ['dropTenantSchema'],
      ['deleteTenantRecord'],
      ['markTenantFailed'],
    ]);
    const whenUndoFails = (observation: Observation) =>
      (judgeByLaws(SPEC, FORWARD, AT_MIGRATIONS, observation, undefined, true) ?? []).map(findingLine);
    expect(whenUndoFails(retried)).to.deep.equal([]);
    expect(judged(FORWARD, AT_MIGRATIONS, retried)).to.have.length(1);
    expect(whenUndoFails(observed([['dropTenantSchema']]))).to.deep.equal([
      'createTenantRecord completed but deleteTenantRecord never ran (law: every completed step is undone)',
      'markTenantFailed never ran (law: the finally steps run after the undos)',
    ]);
  });

  it('an undo run twice', () => {
    expect(
      judged(
        FORWARD,
        AT_MIGRATIONS,
        observed([['dropTenantSchema'], ['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']]),
      ),
    ).to.deep.equal([
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

  it('a forward step recorded after a real failure (the workflow tried the failed step again), the fault at it or after it', () => {
    const history = steps(
      ['createTenantRecord', 'ok'],
      ['createTenantSchema', 'failed'],
      ['createTenantSchema', 'failed'],
      ['deleteTenantRecord', 'ok'],
      ['markTenantFailed', 'ok'],
    );
    const finding =
      'createTenantSchema started after the recorded failure (law: no forward step starts after the fault)';
    expect(judged(history, history[2], observed([['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([
      finding,
    ]);
    expect(judged(history, history[3], observed([['markTenantFailed']]))).to.deep.equal([finding]);
    const once = steps(
      ['createTenantRecord', 'ok'],
      ['createTenantSchema', 'failed'],
      ['deleteTenantRecord', 'ok'],
      ['markTenantFailed', 'ok'],
    );
    expect(judged(once, once[2], observed([['markTenantFailed']]))).to.deep.equal([]);
  });

  it('finally before the undos, and never', () => {
    expect(
      judged(FORWARD, AT_MIGRATIONS, observed([['markTenantFailed'], ['dropTenantSchema'], ['deleteTenantRecord']])),
    ).to.deep.equal(['markTenantFailed ran before dropTenantSchema (law: the finally steps run after the undos)']);
    expect(judged(FORWARD, AT_MIGRATIONS, observed([['dropTenantSchema'], ['deleteTenantRecord']]))).to.deep.equal([
      'markTenantFailed never ran (law: the finally steps run after the undos)',
    ]);
  });

  it('a completed step the spec does not know: the spec must say its undo', () => {
    const history = steps(['createTenantRecord', 'ok'], ['reserveSlug', 'ok'], ['createTenantSchema', 'failed']);
    expect(judged(history, history[2], observed([['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([
      'reserveSlug completed but x/provisionTenant.saga.json names no undo for it (add it to "undo" or "noUndo") (law: every completed step is undone)',
    ]);
  });

  describe('a fault inside the rollback (an undo fails)', () => {
    const rollback = steps(
      ['createTenantRecord', 'ok'],
      ['createTenantSchema', 'ok'],
      ['applyTenantMigrations', 'failed'],
      ['dropTenantSchema', 'ok'],
      ['deleteTenantRecord', 'ok'],
      ['markTenantFailed', 'ok'],
    );
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
      expect(
        judged(rollback, atDrop, observed([['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']])),
      ).to.deep.equal([
        'dropTenantSchema ran 2 times for 1 completed createTenantSchema (law: each completed step is undone exactly once, by its own undo)',
      ]);
    });
  });

  it('parallel declared: undos together are fine', () => {
    const parallel = { ...SPEC, order: 'parallel' as const };
    expect(
      (
        judgeByLaws(
          parallel,
          FORWARD,
          AT_MIGRATIONS,
          observed([['deleteTenantRecord', 'dropTenantSchema'], ['markTenantFailed']]),
        ) ?? []
      ).map(findingLine),
    ).to.deep.equal([]);
    expect(
      judged(FORWARD, AT_MIGRATIONS, observed([['dropTenantSchema', 'deleteTenantRecord'], ['markTenantFailed']])),
    ).to.deep.equal([
      'dropTenantSchema, deleteTenantRecord started together in one workflow task (law: undos run one at a time, in reverse order)',
    ]);
  });

  describe('the second shape: undo registered before each step (undoFailedStep), undos in parallel', () => {
    const SHAPE2 = { ...SPEC, undoFailedStep: true, order: 'parallel' as const };
    const judged2 = (history: ActivityStep[], faulted: ActivityStep, observation: Observation) =>
      (judgeByLaws(SHAPE2, history, faulted, observation) ?? []).map(findingLine);
    const ALL = ['revertTenantMigrations', 'dropTenantSchema', 'deleteTenantRecord'];

    it('the failed step undone too, all undos together, then finally: no law broken', () => {
      expect(judged2(FORWARD, AT_MIGRATIONS, observed([ALL, ['markTenantFailed']]))).to.deep.equal([]);
      expect(judged2(FORWARD, FORWARD[0], observed([['deleteTenantRecord'], ['markTenantFailed']]))).to.deep.equal([]);
    });

    it('the failed step not undone: named as failed, the spec declaring undoFailedStep', () => {
      expect(
        judged2(FORWARD, AT_MIGRATIONS, observed([['dropTenantSchema', 'deleteTenantRecord'], ['markTenantFailed']])),
      ).to.deep.equal([
        'applyTenantMigrations failed (x/provisionTenant.saga.json declares undoFailedStep) but revertTenantMigrations never ran (law: every completed step is undone)',
      ]);
    });

    it('the failed step undone twice: named as failed', () => {
      expect(
        judged2(FORWARD, AT_MIGRATIONS, observed([ALL, ['revertTenantMigrations'], ['markTenantFailed']])),
      ).to.include(
        'revertTenantMigrations ran 2 times for 1 failed applyTenantMigrations (law: each completed step is undone exactly once, by its own undo)',
      );
    });

    it('undos one at a time where parallel is declared', () => {
      expect(
        judged2(
          FORWARD,
          AT_MIGRATIONS,
          observed([['revertTenantMigrations'], ['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']]),
        ),
      ).to.deep.equal([
        'dropTenantSchema started in a later workflow task than revertTenantMigrations, not together with it (law: undos start together (declared parallel))',
      ]);
      expect(
        judged(
          FORWARD,
          AT_MIGRATIONS,
          observed([['revertTenantMigrations'], ['dropTenantSchema'], ['deleteTenantRecord'], ['markTenantFailed']]),
        ),
      ).to.have.length(1);
    });

    it('a fault at one undo of a task that started them all: the undos scheduled with it count as run', () => {
      const withTask = (history: ActivityStep[], tasks: number[]) =>
        history.map((step, i) => ({ ...step, scheduledByTaskEventId: tasks[i] }));
      const rollback = withTask(
        steps(
          ['createTenantRecord', 'ok'],
          ['createTenantSchema', 'ok'],
          ['applyTenantMigrations', 'failed'],
          ['deleteTenantRecord', 'ok'],
          ['dropTenantSchema', 'ok'],
          ['revertTenantMigrations', 'ok'],
          ['markTenantFailed', 'ok'],
        ),
        [4, 10, 16, 22, 22, 22, 34],
      );
      expect(judged2(rollback, rollback[3], observed([['markTenantFailed']]))).to.deep.equal([]);
      const otherTasks = withTask(rollback, [4, 10, 16, 22, 28, 28, 34]);
      expect(judged2(otherTasks, otherTasks[3], observed([['markTenantFailed']]))).to.deep.equal([
        'createTenantSchema completed but dropTenantSchema never ran (law: every completed step is undone)',
        'applyTenantMigrations failed (x/provisionTenant.saga.json declares undoFailedStep) but revertTenantMigrations never ran (law: every completed step is undone)',
      ]);
    });
  });

  it('a nondeterministic path is not judged by the laws; a stuck one never closes', () => {
    expect(
      judgeByLaws(SPEC, FORWARD, AT_MIGRATIONS, observed([], { error: { outcome: 'nondeterministic', message: 'x' } })),
    ).to.equal(undefined);
    expect(
      judged(
        FORWARD,
        AT_MIGRATIONS,
        observed(CORRECT, { close: undefined, error: { outcome: 'stuck', message: 'no command' } }),
      ),
    ).to.deep.equal(['the workflow never closes (stuck: no command) (law: the workflow closes once, as declared)']);
  });
});
