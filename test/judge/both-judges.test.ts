import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityFailed } from '../../src/faults/activity-failed';
import { judgeScenario } from '../../src/judge/both-judges';
import { judgeHistory } from '../../src/judge/history-result';
import { loadHistoryFile } from '../../src/load/load';
import type { Observation } from '../../src/model/observation';
import { HistoryResult } from '../../src/model/results';
import { summarize } from '../../src/judge/results';
import type { SagaSpec } from '../../src/laws/spec';
import { historySteps, type ActivityStep } from '../../src/steps/steps';
import { problemLine } from '../../src/model/problem';

const SPEC: SagaSpec = {
  workflowType: 'w',
  undo: { a: 'undoA' },
  noUndo: [],
  finally: [],
  undoFailedStep: false,
  order: 'reverse-sequential',
  close: 'failed',
  file: 'w.saga.json',
};
const step = (index: number, activityType: string): ActivityStep => ({
  index,
  activityType,
  activityId: String(index),
  scheduledEventId: index * 6,
  closeEventType: 'ActivityTaskCompleted',
  timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 0, heartbeat: 0 },
});
const STEPS = [step(1, 'a'), step(2, 'b')];
const AT_B = { step: STEPS[1], fault: activityFailed };
const undone: Observation = {
  tasks: [[{ activity: 'undoA', args: [], options: { taskQueue: "(workflow's)" } }]],
  close: { status: 'failed', failure: [] },
  rounds: 2,
};
const forgotten: Observation = { tasks: [], close: { status: 'failed', failure: [] }, rounds: 1 };
const golden = { step: 2, activityType: 'b', fault: 'activity-failed', tasks: undone.tasks, close: undone.close };

describe('both judges on one scenario', () => {
  it('laws alone: compensated, or law-broken naming the law', () => {
    expect(
      judgeScenario(AT_B, undone, undefined, { golden: false, spec: SPEC, steps: STEPS, events: [] }),
    ).to.deep.include({
      outcome: 'compensated',
      judgedBy: ['laws'],
      laws: [],
    });
    const broken = judgeScenario(AT_B, forgotten, undefined, { golden: false, spec: SPEC, steps: STEPS, events: [] });
    expect(broken).to.deep.include({
      outcome: 'law-broken',
      judgedBy: ['laws'],
      detail: 'a completed but undoA never ran (law: every completed step is undone)',
    });
  });

  it('golden and laws: a golden that recorded the bug still gets law-broken, with the golden named as a judge', () => {
    const buggyGolden = { ...golden, tasks: [] };
    const result = judgeScenario(AT_B, forgotten, buggyGolden, { golden: true, spec: SPEC, steps: STEPS, events: [] });
    expect(result.outcome).to.equal('law-broken');
    expect(result.judgedBy).to.deep.equal(['golden', 'laws']);
    expect(
      judgeScenario(AT_B, undone, golden, { golden: true, spec: SPEC, steps: STEPS, events: [] }).outcome,
    ).to.equal('compensated');
  });

  it('golden alone: as before', () => {
    expect(judgeScenario(AT_B, forgotten, golden, { golden: true, steps: STEPS, events: [] })).to.deep.include({
      outcome: 'unexpected-commands',
      judgedBy: ['golden'],
    });
  });

  it('neither: could-not-run; the history is one problem line, exit 2', () => {
    expect(judgeScenario(AT_B, undone, undefined, { golden: false, steps: STEPS, events: [] })).to.deep.include({
      outcome: 'could-not-run',
      judgedBy: [],
    });
    const history = {
      file: 'h.json',
      workflowType: 'w',
      workflowId: 'id',
      runId: 'r',
      golden: 'h.faults.json',
      replay: { ok: true as const },
      problem: {
        kind: 'not-judged' as const,
        file: 'h.json',
        message:
          'not judged: no golden file (h.faults.json) and no saga spec (w.saga.json); write goldens with check --update, or a spec with fault-replay spec --infer (then review and commit)',
      },
      scenarios: [
        { step: 1, activityType: 'a', activityId: '1', fault: 'activity-failed', outcome: 'could-not-run' as const },
        { step: 2, activityType: 'b', activityId: '2', fault: 'activity-failed', outcome: 'could-not-run' as const },
      ],
    } satisfies HistoryResult;
    const run = summarize([history], []);
    expect(run.problems).to.deep.equal([history.problem]);
    expect(run.exitCode).to.equal(2);
  });

  it('a real history with neither a golden file nor a spec: the problem names both ways out', () => {
    const history = loadHistoryFile('histories/tenant-provisioning/happy.json');
    const goldenDir = mkdtempSync(join(tmpdir(), 'laws-neither-'));
    // One scenario followed (a history none was planned for, e.g. an execution not closed, is not "not judged").
    const followed = [
      {
        scenario: { history, step: historySteps(history.events)[0], fault: activityFailed },
        observed: { notApplicable: 'for the test' },
      },
    ];
    const result = judgeHistory(history, { ok: true }, followed, { goldenDir });
    expect(judgeHistory(history, { ok: true }, [], { goldenDir }).problem, 'nothing followed').to.equal(undefined);
    expect(result.problem?.kind).to.equal('not-judged');
    expect(problemLine(result.problem!)).to.match(
      /^histories\/tenant-provisioning\/happy\.json: not judged: no golden file \(.*happy\.faults\.json\) and no saga spec \(histories\/tenant-provisioning\/provisionTenant\.saga\.json\); write goldens with check --update, or a spec with fault-replay spec --infer/,
    );
    expect(
      judgeHistory(history, { ok: true }, followed, { goldenDir: '.' }).problem,
      'a golden file is there',
    ).to.equal(undefined);
  });
});
