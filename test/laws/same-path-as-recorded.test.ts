import { expect } from 'chai';
import { retriedThenOk } from '../../src/faults/retried-then-ok';
import { workerCrash } from '../../src/faults/worker-crash';
import { workerTaskFailed } from '../../src/faults/worker-task-failed';
import type { HistoryEvent } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import { judgeByLaws } from '../../src/laws/judge-laws';
import { readSpec } from '../../src/laws/spec';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';

const happy = loadHistoryFile('histories/tenant-provisioning/happy.json');
const steps = activitySteps(happy.events);
const loaded = readSpec('histories/tenant-provisioning/provisionTenant.saga.json');
const spec = loaded.spec!;
const completed = (path: HistoryEvent[]): Observation => ({
  tasks: [],
  close: { status: 'completed', result: null },
  rounds: 1,
  path,
});

/** The recorded tail written after a fault rewrite, as the continuation would write it when nothing changes. */
function recordedPathAfter(rewrite: HistoryEvent[], from: number): HistoryEvent[] {
  return [...rewrite, ...happy.events.slice(from)];
}

describe('law: nothing changes when nothing failed (faults that change no outcome)', () => {
  it('the recorded path itself breaks no law, and the rollback laws are not judged (they would say no undo ran)', () => {
    const path = recordedPathAfter(retriedThenOk.inject(steps[2], happy).slice(0, -2), steps[2].closeEventId!);
    expect(judgeByLaws(spec, steps, steps[2], completed(path), { recorded: happy.events })).to.deep.equal([]);
    expect(judgeByLaws(spec, steps, steps[2], completed(path))?.map((f) => f.law)).to.include(
      'the workflow closes once, as declared',
    );
  });

  it('a worker-crash rewrite (three more events, no command) followed by the recorded tail breaks no law', () => {
    const crash = workerCrash.inject(steps[2], happy);
    const taskStarted = steps[2].closeEventId! + 2;
    const path = [...crash, ...happy.events.slice(taskStarted)];
    expect(judgeByLaws(spec, steps, steps[2], completed(path), { recorded: happy.events })).to.deep.equal([]);
  });

  it('worker-crash:task-failed (the task that schedules the step fails): the recorded tail from that task breaks no law; without the faulted step itself it does', () => {
    const failed = workerTaskFailed.inject(steps[2], happy);
    const taskCompleted = steps[2].scheduledByTaskEventId!;
    const path = [...failed, ...happy.events.slice(taskCompleted - 1)];
    const judged = (events: HistoryEvent[]) =>
      (judgeByLaws(spec, steps, steps[2], completed(events), { recorded: happy.events }) ?? []).map((f) => f.message);
    expect(judged(path)).to.deep.equal([]);
    const withoutStep = path.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name !== steps[2].activityType,
    );
    expect(judged(withoutStep)).to.have.length(1);
    expect(judged(withoutStep)[0]).to.match(new RegExp(`the recorded ${steps[2].activityType}\\(.*\\) never came$`));
  });

  it('a step left out, or one issued twice: one finding naming the command; tasks merged (completion timing) are not a finding', () => {
    const from = steps[2].closeEventId!;
    const tail = happy.events.slice(from);
    const rewrite = retriedThenOk.inject(steps[2], happy).slice(0, -2);
    const judged = (path: HistoryEvent[]) =>
      (judgeByLaws(spec, steps, steps[2], completed(path), { recorded: happy.events }) ?? []).map(
        (f) => `${f.law}: ${f.message}`,
      );
    const withoutMembership = tail.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name !== 'createOwnerMembership',
    );
    expect(judged([...rewrite, ...withoutMembership])).to.have.length(1);
    expect(judged([...rewrite, ...withoutMembership])[0]).to.match(
      /^nothing changes when nothing failed: after the fault \(from event \d+\): the recorded createOwnerMembership\(.*\) never came$/,
    );
    const membership = tail.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createOwnerMembership',
    )!;
    expect(judged([...rewrite, ...tail, membership])[0]).to.match(/: the workflow issued createOwnerMembership\(/);
    const merged = tail.filter((e, i) => !(e.workflowTaskCompletedEventAttributes && i > 10));
    expect(judged([...rewrite, ...merged])).to.deep.equal([]);
  });

  it('a path that could not be followed is a finding, not a pass', () => {
    const broken: Observation = {
      tasks: [],
      rounds: 1,
      error: { outcome: 'workflow-task-failed', message: 'TypeError: x' },
    };
    expect(judgeByLaws(spec, steps, steps[2], broken, { recorded: happy.events })?.[0].message).to.equal(
      'the workflow does not follow the recorded path (workflow-task-failed: TypeError: x)',
    );
  });
});
