/**
 * PathRecorder and PathPredictor (src/continue/predicted-path.ts) on a fake engine: what a live
 * follow keeps, and each way a prediction is refused. Whole checks with prediction on and off,
 * on real workflow code, are in test/slow/predicted-path.parity.test.ts.
 */
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { MissBudget } from '../../src/continue/follow-remembering';
import {
  followedCommands,
  PathPredictor,
  PathRecorder,
  PredictionMissed,
  type SavedPaths,
} from '../../src/continue/predicted-path';
import type { FollowEngine } from '../../src/continue/engine';
import type { TaskAnswer } from '../../src/live/pool';
import type { ObserverEvent } from '../../src/replay/activations';
import type { ReplayOutcome } from '../../src/replay/session';
import type { HistoryEvent } from '../../src/history/events';

const { CommandType } = temporal.api.enums.v1;
const RUN = { workflowId: 'w', runId: 'r', workflowType: 't' };
const events = (n: number) => Array.from({ length: n }, () => ({}) as HistoryEvent);

const schedule = (activityType: string) => ({
  commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  scheduleActivityTaskCommandAttributes: { activityId: '1', activityType: { name: activityType } },
});
const complete = { commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION };
const localMarker = {
  commandType: CommandType.COMMAND_TYPE_RECORD_MARKER,
  recordMarkerCommandAttributes: { markerName: 'core_local_activity' },
};

function concluded(historyLength: number, activityType: string, replayDecided?: string[]): ObserverEvent {
  return {
    kind: 'concluded',
    replaying: true,
    usedFlags: [],
    historyLength,
    commands: [{ scheduleActivity: { seq: 1, activityId: '1', activityType } }],
    ...(replayDecided ? { replayDecided } : {}),
  };
}

/** A live worker answering each task from `answers` in turn, and a proof that sees `proof`. */
function fakeEngine(answers: TaskAnswer[], proof: ReplayOutcome): FollowEngine & { liveTasks: number } {
  const engine = {
    liveTasks: 0,
    live: {
      runTask: async () => answers[engine.liveTasks++],
      forget: () => undefined,
    },
    prove: async () => proof,
  };
  return engine;
}

async function followed(engine: FollowEngine, tasks: number, from = 9): Promise<ReplayOutcome> {
  for (let i = 0; i < tasks; i++) await engine.live.runTask({ ...RUN, events: events(from + 6 * i) });
  return engine.prove({ events: [] }, RUN);
}

const PROOF: ReplayOutcome = { events: [concluded(3, 'prefix'), concluded(9, 'undo'), concluded(15, 'close')], ms: 12 };
const DEADLINE = 5_000;

async function recorded(answers: TaskAnswer[], proof = PROOF): Promise<SavedPaths> {
  const recorder = new PathRecorder(fakeEngine(answers, proof));
  await followed(recorder, answers.length);
  return recorder.saved;
}

describe('predicted paths: what a live follow keeps', () => {
  it('keeps each task of a run whose proof passed, from its first task on', async () => {
    const saved = await recorded([
      { completed: { commands: [schedule('undo')] } },
      { completed: { commands: [complete] } },
    ] as TaskAnswer[]);
    expect(Object.keys(saved)).to.deep.equal(['r']);
    expect(saved.r.from).to.equal(9);
    expect(saved.r.tasks).to.have.length(2);
  });

  it('keeps nothing when the proof fails, a task ran a local activity, or replay decided a patch', async () => {
    const tasks = [
      { completed: { commands: [schedule('undo')] } },
      { completed: { commands: [complete] } },
    ] as TaskAnswer[];
    const failing = { events: PROOF.events, error: { kind: 'nondeterministic' as const, message: 'x' } };
    expect(await recorded(tasks, failing)).to.deep.equal({});
    const local = [{ completed: { commands: [localMarker] } }, tasks[1]] as TaskAnswer[];
    expect(await recorded(local)).to.deep.equal({});
    const decided = { events: [concluded(3, 'prefix'), concluded(9, 'undo', ["patched('v2')"])] };
    expect(await recorded(tasks, decided)).to.deep.equal({});
  });

  it('counts only the followed activations: a replay-decided patch in the recorded prefix is what a live first task decides too', () => {
    const inPrefix = [concluded(3, 'prefix', ["patched('v2')"]), concluded(9, 'undo')];
    expect(followedCommands(inPrefix, 9)).to.have.length(1);
    expect(followedCommands([concluded(3, 'prefix')], 9), 'no followed activation seen').to.deep.equal([]);
    expect(followedCommands([concluded(9, 'undo')], 9)).to.not.deep.equal(followedCommands([concluded(9, 'other')], 9));
    expect(followedCommands([concluded(9, 'undo')], 9)).to.not.deep.equal(followedCommands([concluded(15, 'undo')], 9));
    const twoTasks = followedCommands([concluded(9, 'undo'), concluded(15, 'close')], 9);
    expect(twoTasks, 'one hash a task').to.have.length(2);
    expect(twoTasks[0]).to.deep.equal(followedCommands([concluded(9, 'undo')], 9)[0]);
  });
});

describe('predicted paths: a prediction holds only when the one replay proves it', () => {
  const tasks = [
    { completed: { commands: [schedule('undo')] } },
    { completed: { commands: [complete] } },
  ] as TaskAnswer[];

  it('answers every kept task without the live worker, and passes the proof that matches', async () => {
    const saved = await recorded(tasks);
    const live = fakeEngine([], PROOF);
    const predictor = new PathPredictor(live, saved, DEADLINE);
    const proof = await followed(predictor, 2);
    expect(proof.error).to.equal(undefined);
    expect(live.liveTasks).to.equal(0);
  });

  it('sends a run it has no path for (a child the path starts) to the live worker', async () => {
    const live = fakeEngine([{ completed: { commands: [complete] } } as TaskAnswer], PROOF);
    const predictor = new PathPredictor(live, await recorded(tasks), DEADLINE);
    await predictor.live.runTask({ ...RUN, runId: 'child', events: events(3) });
    expect(live.liveTasks).to.equal(1);
  });

  const misses: Array<[string, ReplayOutcome, number, RegExp]> = [
    [
      'the path does not replay',
      { events: PROOF.events, error: { kind: 'nondeterministic', message: 'NDE' } },
      9,
      /does not replay: NDE/,
    ],
    [
      'a followed task concludes with other commands',
      { events: [concluded(9, 'undo'), concluded(15, 'other')] },
      9,
      /other commands/,
    ],
    [
      'replay decided a patch in a followed task',
      { events: [concluded(9, 'undo', ["patched('v2')"]), concluded(15, 'close')] },
      9,
      /patched\('v2'\)/,
    ],
    [
      'replay decided an SDK flag',
      { events: [concluded(9, 'undo'), concluded(15, 'close', ['SDK flag 1'])] },
      9,
      /SDK flag 1/,
    ],
    ['the first task is elsewhere', PROOF, 10, /first task is at event 10/],
    [
      "the replay took a live task's deadline (a task of it may have)",
      { ...PROOF, ms: DEADLINE + 2 * 9 },
      9,
      /took 5018 ms/,
    ],
  ];
  for (const [why, proof, from, message] of misses) {
    it(`misses when ${why}`, async () => {
      const predictor = new PathPredictor(fakeEngine([], proof), await recorded(tasks), DEADLINE);
      const error = await followed(predictor, 2, from).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).to.be.instanceOf(PredictionMissed);
      expect((error as Error).message).to.match(message);
    });
  }

  it('a task the replay gives no activation (nothing new in it) is no difference', async () => {
    const three = [...tasks.slice(0, 1), { completed: { commands: [] } }, tasks[1]] as TaskAnswer[];
    const proof = { events: [concluded(9, 'undo'), concluded(21, 'close')], ms: 12 };
    const saved = await recorded(three, proof);
    expect(saved.r.lengths).to.deep.equal([9, 15, 21]);
    const predictor = new PathPredictor(fakeEngine([], proof), saved, DEADLINE);
    await followed(predictor, 3);
    expect(predictor.proved).to.equal(1);
  });

  it('a miss says the first task that differs, when the tasks before it concluded as kept (none: from the fault)', async () => {
    const saved = await recorded(tasks);
    const at = async (proof: ReplayOutcome) => {
      const error = await followed(new PathPredictor(fakeEngine([], proof), saved, DEADLINE), 2).catch((err) => err);
      return (error as PredictionMissed).at;
    };
    expect(await at({ events: [concluded(9, 'undo'), concluded(15, 'other')] })).to.deep.equal({ runId: 'r', task: 1 });
    expect(await at({ events: [concluded(9, 'undo'), concluded(15, 'close', ['SDK flag 1'])] })).to.deep.equal({
      runId: 'r',
      task: 1,
    });
    const failing = { events: [concluded(9, 'undo')], error: { kind: 'nondeterministic' as const, message: 'NDE' } };
    expect(await at(failing), 'the replay failed after the first task').to.deep.equal({ runId: 'r', task: 1 });
    expect(await at({ events: [concluded(9, 'other'), concluded(15, 'close')] }), 'the first task').to.equal(undefined);
  });

  it('with liveFrom, answers the kept tasks before it, sends the others live, and checks only the kept ones', async () => {
    const saved = await recorded(tasks);
    const live = fakeEngine([{ completed: { commands: [complete] } } as TaskAnswer], {
      events: [concluded(9, 'undo'), concluded(15, 'other close')],
      ms: 12,
    });
    const predictor = new PathPredictor(live, saved, DEADLINE, new Map([['r', 1]]));
    await followed(predictor, 2);
    expect(live.liveTasks, 'the second task ran live').to.equal(1);
    expect(predictor.proved).to.equal(1);
    const changed = new PathPredictor(
      fakeEngine([{ completed: { commands: [complete] } } as TaskAnswer], {
        events: [concluded(9, 'other'), concluded(15, 'close')],
      }),
      saved,
      DEADLINE,
      new Map([['r', 1]]),
    );
    const error = await followed(changed, 2).catch((err: unknown) => err);
    expect((error as Error).message, 'a kept task that no longer replays as kept').to.match(
      /the kept task at event 9 no longer replays/,
    );
  });

  it('misses when the path asks for more tasks than were kept, or closes before the last', async () => {
    const saved = await recorded(tasks);
    const longer = new PathPredictor(fakeEngine([], PROOF), saved, DEADLINE);
    const error = await followed(longer, 3).catch((err: unknown) => err);
    expect((error as Error).message).to.match(/goes past its 2 tasks/);
    const shorter = new PathPredictor(fakeEngine([], PROOF), saved, DEADLINE);
    const early = await followed(shorter, 1).catch((err: unknown) => err);
    expect((early as Error).message).to.match(/closed before its last predicted task/);
  });
});

describe('predicted paths: a workflow type whose predictions mostly miss stops trying', () => {
  it('after four misses and fewer than half as many hits; each workflow type on its own', () => {
    const budget = new MissBudget();
    for (let i = 0; i < 3; i++) budget.note('a', false);
    expect(budget.allows('a'), 'three misses').to.equal(true);
    budget.note('a', false);
    expect(budget.allows('a'), 'four misses, no hit').to.equal(false);
    expect(budget.allows('b')).to.equal(true);
    budget.note('a', true);
    budget.note('a', true);
    expect(budget.allows('a'), 'four misses, two hits').to.equal(true);
  });
});
