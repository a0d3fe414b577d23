import { createHash } from 'node:crypto';
import { coresdk, temporal } from '@temporalio/proto';
import type { TaskAnswer } from '../live/pool';
import { cpuBudgetMs } from '../model/options';
import type { TaskRequest } from '../live/live-runs';
import type { ProofRun } from '../live/task-proof';
import type { History } from '../history/events';
import type { ObserverEvent } from '../replay/activations';
import type { ReplayOutcome } from '../replay/session';
import type { FollowEngine } from './engine';

const { RespondWorkflowTaskCompletedRequest } = temporal.api.workflowservice.v1;
/** The marker `patched()` records: replay checks it, so a path with one may be kept. */
export const PATCH_MARKER = 'core_patch';

/**
 * A scenario's path as an earlier run followed it live and proved it: each workflow task's answer,
 * where the followed tasks begin, and what the proof's replay saw each followed activation do.
 */
export interface SavedPath {
  /** The WorkflowTaskStarted id of the first followed task (the history's length the worker first saw). */
  from: number;
  /** Each task's answer: its commands and SDK metadata, base64 of a RespondWorkflowTaskCompletedRequest. */
  tasks: string[];
  /** Each task's place: the history's length when it ran (its WorkflowTaskStarted id). */
  lengths: number[];
  /**
   * By the history's length, a hash of the activations the proof's replay concluded there, with
   * their exact commands (a task need not have one: replay gives none to a task with nothing new).
   */
  commands: Array<[length: number, hash: string]>;
}

/** By run id: a planned scenario may follow several (nested:<fault>, one per compensation). */
export type SavedPaths = Record<string, SavedPath>;

/**
 * The prediction does not hold. `at`, when known: the first task of run `runId` whose replay
 * differs from the kept path (the tasks before it concluded exactly as kept), from which the
 * scenario can be followed live; otherwise it is followed live from the fault.
 */
export class PredictionMissed extends Error {
  constructor(
    message: string,
    readonly at?: { runId: string; task: number },
  ) {
    super(message);
  }
}

/**
 * Follows live and keeps, for each run that closed with a passing proof and ran no local activity,
 * the path it took: what a later run can predict (PathPredictor).
 */
export class PathRecorder implements FollowEngine {
  readonly saved: SavedPaths = {};
  private readonly runs = new Map<string, { from: number; tasks: string[]; lengths: number[]; clean: boolean }>();
  readonly runsChildren?: boolean;

  constructor(private readonly engine: FollowEngine) {
    this.runsChildren = engine.runsChildren;
  }

  readonly live = {
    runTask: async (request: TaskRequest): Promise<TaskAnswer> => {
      const answer = await this.engine.live.runTask(request);
      const run = this.runs.get(request.runId) ?? { from: request.events.length, tasks: [], lengths: [], clean: true };
      this.runs.set(request.runId, run);
      if ('completed' in answer && !answer.invented?.length && !answer.unknown && !runsLocalWork(answer.completed)) {
        run.tasks.push(encodeTask(answer.completed));
        run.lengths.push(request.events.length);
      } else run.clean = false;
      return answer;
    },
    forget: (runId: string) => this.engine.live.forget(runId),
  };

  async prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    const proof = await this.engine.prove(history, run);
    const followed = this.runs.get(run.runId);
    this.runs.delete(run.runId);
    const keepable = followed?.clean && !proof.error && replayDecisions(proof.events, followed.from).length === 0;
    const commands = keepable ? followedCommands(proof.events, followed.from) : [];
    if (followed && commands.length)
      this.saved[run.runId] = { from: followed.from, tasks: followed.tasks, lengths: followed.lengths, commands };
    return proof;
  }
}

/**
 * Answers each workflow task of a saved run with what the live worker answered last time, so the
 * path is built without a live task, and lets the one proof replay check it: the replay must pass,
 * every followed activation must conclude with exactly the saved commands, and none may have
 * decided a `patched()` or an SDK flag only because it replays (a live task decides those the
 * other way), and the replay must take less than one live task's deadline. Anything else is
 * PredictionMissed. Core's own flags come with the kept answers: core decides them from the events
 * and commands, which the proof pins. Runs it has no path for (the child workflows a
 * path starts, a run not seen before) go to the live worker.
 */
export class PathPredictor implements FollowEngine {
  private readonly answered = new Map<string, number>();
  readonly runsChildren?: boolean;
  /** Proof replays asked for, and how many of them confirmed a kept path. */
  proofs = 0;
  proved = 0;

  /**
   * `deadlineMs`: the CPU time one live task may take; a replay that took that long may hold a task a
   * live worker would time out. `liveFrom`: by run, the task from which a run goes to the live
   * worker (an earlier replay showed the kept path differs there); only the tasks before it are
   * answered from the path and checked by the proof.
   */
  constructor(
    private readonly engine: FollowEngine,
    private readonly saved: SavedPaths,
    private readonly deadlineMs: number,
    private readonly liveFrom = new Map<string, number>(),
  ) {
    this.runsChildren = engine.runsChildren;
  }

  readonly live = {
    runTask: async (request: TaskRequest): Promise<TaskAnswer> => {
      const path = this.saved[request.runId];
      if (!path) return this.engine.live.runTask(request);
      const index = this.answered.get(request.runId) ?? 0;
      if (index === 0 && request.events.length !== path.from)
        throw new PredictionMissed(`the first task is at event ${request.events.length}, not ${path.from}`);
      this.answered.set(request.runId, index + 1);
      if (index >= (this.liveFrom.get(request.runId) ?? Infinity)) return this.engine.live.runTask(request);
      if (index >= path.tasks.length) throw new PredictionMissed(`the path goes past its ${path.tasks.length} tasks`);
      return { completed: decodeTask(path.tasks[index]) };
    },
    // Harmless for a run the live worker never saw; needed for one that went live after its kept tasks.
    forget: (runId: string) => this.engine.live.forget(runId),
  };

  async prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    const path = this.saved[run.runId];
    this.proofs++;
    const proof = await this.engine.prove(history, run);
    if (!path) return proof;
    const liveFrom = this.liveFrom.get(run.runId);
    const differs = firstDifference(proof.events, path);
    if (liveFrom !== undefined) {
      // The tasks from liveFrom on ran live: what they did is the live worker's; the kept ones must still hold.
      if (differs < (path.lengths[liveFrom] ?? Infinity))
        throw new PredictionMissed(`the kept task at event ${differs} no longer replays as kept`);
    } else {
      // The tasks before the first difference concluded exactly as kept: the scenario may go live from there.
      const same = path.lengths.filter((length) => length < differs).length;
      const at = same > 0 ? { runId: run.runId, task: same } : undefined;
      if (proof.error) throw new PredictionMissed(`the predicted path does not replay: ${proof.error.message}`, at);
      if (this.answered.get(run.runId) !== path.tasks.length)
        throw new PredictionMissed('the path closed before its last predicted task', at);
      const decided = replayDecisions(proof.events, path.from);
      if (decided.length)
        throw new PredictionMissed(`replay decided ${decided.join(', ')} where a live task would not`, at);
      if (differs !== Infinity)
        throw new PredictionMissed('a followed task concludes with other commands than the predicted path', at);
    }
    // A live task's budget is at least this (it grows with the history): a replay under it holds no task over it.
    const budget = cpuBudgetMs(this.deadlineMs, path.from);
    if (proof.ms === undefined || proof.ms >= budget)
      throw new PredictionMissed(
        `the replay took ${proof.ms ?? 'an unknown'} ms: a task of it may outlast a live task's deadline`,
      );
    this.proved++;
    return proof;
  }
}

/**
 * Per followed task (by the history's length when it ran, in order), a hash of its activations'
 * commands; none when no followed activation is seen (an observer that does not say where it is).
 */
export function followedCommands(events: ObserverEvent[], from: number): Array<[length: number, hash: string]> {
  return followedTasks(events, from).map(({ length, activations }) => {
    const digest = createHash('sha256').update(`task ${length}\0`);
    for (const event of activations) {
      for (const command of event.commands)
        digest.update(coresdk.workflow_commands.WorkflowCommand.encode(command).finish());
      digest.update('\0');
    }
    return [length, digest.digest('hex').slice(0, 32)];
  });
}

type Concluded = Extract<ObserverEvent, { kind: 'concluded' }>;

function followedTasks(events: ObserverEvent[], from: number): Array<{ length: number; activations: Concluded[] }> {
  const tasks = new Map<number, Concluded[]>();
  for (const event of events)
    if (event.kind === 'concluded' && event.historyLength !== undefined && event.historyLength >= from)
      tasks.set(event.historyLength, [...(tasks.get(event.historyLength) ?? []), event]);
  return [...tasks].sort(([a], [b]) => a - b).map(([length, activations]) => ({ length, activations }));
}

/**
 * The history's length at the first place the replay concluded otherwise than kept (other
 * commands, none where some were kept or some where none were, a patch or flag decided only
 * because it replays); Infinity when it concluded everywhere exactly as kept.
 */
function firstDifference(events: ObserverEvent[], path: SavedPath): number {
  const kept = new Map(path.commands);
  const replayed = new Map(followedCommands(events, path.from));
  const decided = followedTasks(events, path.from)
    .filter(({ activations }) => activations.some((event) => event.replayDecided?.length))
    .map(({ length }) => length);
  const lengths = [...new Set([...kept.keys(), ...replayed.keys()])].filter(
    (length) => kept.get(length) !== replayed.get(length),
  );
  return Math.min(...lengths, ...decided);
}

function replayDecisions(events: ObserverEvent[], from: number): string[] {
  return followedTasks(events, from).flatMap(({ activations }) =>
    activations.flatMap((event) => event.replayDecided ?? []),
  );
}

/**
 * A local activity runs inside the task and its marker holds what the tool answered live; a replay
 * reads the marker back and never calls it, so such a task is never predicted (nor any other marker
 * but a patch's, which replay checks).
 */
function runsLocalWork(task: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest): boolean {
  return (task.commands ?? []).some(
    (command) =>
      command.recordMarkerCommandAttributes && command.recordMarkerCommandAttributes.markerName !== PATCH_MARKER,
  );
}

function encodeTask({ commands, sdkMetadata }: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest) {
  return Buffer.from(RespondWorkflowTaskCompletedRequest.encode({ commands, sdkMetadata }).finish()).toString('base64');
}

function decodeTask(task: string): temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest {
  return RespondWorkflowTaskCompletedRequest.decode(Buffer.from(task, 'base64'));
}
