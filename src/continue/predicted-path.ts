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
import type { FollowOptions } from './follow';
import { followPlanned, type Followed } from './follow-nested';
import type { Scenario } from '../model/scenario';

const { RespondWorkflowTaskCompletedRequest } = temporal.api.workflowservice.v1;
const PATCH_MARKER = 'core_patch';

/**
 * A scenario's path as an earlier run followed it live and proved it: each workflow task's answer,
 * where the followed tasks begin, and what the proof's replay saw each followed activation do.
 */
export interface SavedPath {
  /** The WorkflowTaskStarted id of the first followed task (the history's length the worker first saw). */
  from: number;
  /** Each task's answer: its commands and SDK metadata, base64 of a RespondWorkflowTaskCompletedRequest. */
  tasks: string[];
  /** A hash of every followed activation's task and exact commands, as the proof's replay concluded them. */
  commands: string;
}

/** By run id: a planned scenario may follow several (nested:<fault>, one per compensation). */
export type SavedPaths = Record<string, SavedPath>;

/** The prediction does not hold: the scenario is followed live, task by task, from the fault. */
export class PredictionMissed extends Error {}

/**
 * Follows live and keeps, for each run that closed with a passing proof and ran no local activity,
 * the path it took: what a later run can predict (PathPredictor).
 */
export class PathRecorder implements FollowEngine {
  readonly saved: SavedPaths = {};
  private readonly runs = new Map<string, { from: number; tasks: string[]; clean: boolean }>();
  readonly runsChildren?: boolean;

  constructor(private readonly engine: FollowEngine) {
    this.runsChildren = engine.runsChildren;
  }

  readonly live = {
    runTask: async (request: TaskRequest): Promise<TaskAnswer> => {
      const answer = await this.engine.live.runTask(request);
      const run = this.runs.get(request.runId) ?? { from: request.events.length, tasks: [], clean: true };
      this.runs.set(request.runId, run);
      if ('completed' in answer && !answer.invented?.length && !answer.unknown && !runsLocalWork(answer.completed))
        run.tasks.push(encodeTask(answer.completed));
      else run.clean = false;
      return answer;
    },
    forget: (runId: string) => this.engine.live.forget(runId),
  };

  async prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    const proof = await this.engine.prove(history, run);
    const followed = this.runs.get(run.runId);
    this.runs.delete(run.runId);
    const keepable = followed?.clean && !proof.error && replayDecisions(proof.events, followed.from).length === 0;
    const commands = keepable ? followedCommands(proof.events, followed.from) : undefined;
    if (followed && commands) this.saved[run.runId] = { from: followed.from, tasks: followed.tasks, commands };
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

  /** `deadlineMs`: the CPU time one live task may take; a replay that took that long may hold a task a live worker would time out. */
  constructor(
    private readonly engine: FollowEngine,
    private readonly saved: SavedPaths,
    private readonly deadlineMs: number,
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
      if (index >= path.tasks.length) throw new PredictionMissed(`the path goes past its ${path.tasks.length} tasks`);
      this.answered.set(request.runId, index + 1);
      return { completed: decodeTask(path.tasks[index]) };
    },
    forget: (runId: string) => {
      if (!this.saved[runId]) this.engine.live.forget(runId);
    },
  };

  async prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    const path = this.saved[run.runId];
    this.proofs++;
    const proof = await this.engine.prove(history, run);
    if (!path) return proof;
    if (proof.error) throw new PredictionMissed(`the predicted path does not replay: ${proof.error.message}`);
    if (this.answered.get(run.runId) !== path.tasks.length)
      throw new PredictionMissed('the path closed before its last predicted task');
    const decided = replayDecisions(proof.events, path.from);
    if (decided.length) throw new PredictionMissed(`replay decided ${decided.join(', ')} where a live task would not`);
    if (followedCommands(proof.events, path.from) !== path.commands)
      throw new PredictionMissed('a followed task concludes with other commands than the predicted path');
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
 * Follows a planned scenario along the paths an earlier run saved for it, when there are any: kept
 * only if every run it follows closes with its prediction proved (a nested fault's first fault
 * too, whose close is not among the observations). Any other end (a miss, a finding,
 * an error) and it is followed live, task by task, from the fault, as with no prediction at all.
 * Returns the paths to save for the next run.
 */
export async function followRemembering(
  scenario: Scenario,
  engine: FollowEngine,
  options: FollowOptions & { deadlineMs: number },
  saved: SavedPaths | undefined,
): Promise<{ followed: Followed[]; paths: SavedPaths; predicted: boolean; tried: boolean }> {
  const tried = Boolean(saved && Object.keys(saved).length);
  if (saved && tried) {
    const predictor = new PathPredictor(engine, saved, options.deadlineMs);
    // Any error (a miss, or saved commands the engine cannot record) costs only the live follow below, which meets it again if it is real.
    const followed = await followPlanned(scenario, predictor, options).catch(() => undefined);
    const closed = (followed ?? []).flatMap(({ observed }) => ('notApplicable' in observed ? [] : [observed]));
    if (
      followed &&
      closed.every((observed) => !observed.error) &&
      predictor.proofs > 0 &&
      predictor.proved === predictor.proofs
    )
      return { followed, paths: saved, predicted: true, tried };
  }
  const recorder = new PathRecorder(engine);
  return { followed: await followPlanned(scenario, recorder, options), paths: recorder.saved, predicted: false, tried };
}

/**
 * A miss costs a replay on top of the live follow: once most predictions of a workflow type miss
 * (its code changed where its paths go), its other scenarios go live at once. Only ever less
 * prediction, so never another verdict.
 */
export class MissBudget {
  private readonly tally = new Map<string, { hits: number; misses: number }>();

  allows(workflowType: string): boolean {
    const { hits, misses } = this.tally.get(workflowType) ?? { hits: 0, misses: 0 };
    return misses < 4 || misses <= 2 * hits;
  }

  note(workflowType: string, predicted: boolean): void {
    const tally = this.tally.get(workflowType) ?? { hits: 0, misses: 0 };
    if (predicted) tally.hits++;
    else tally.misses++;
    this.tally.set(workflowType, tally);
  }
}

/** The hash of every followed activation's task and commands; undefined when none is seen (nothing to compare). */
export function followedCommands(events: ObserverEvent[], from: number): string | undefined {
  const followed = events.filter(
    (event): event is Extract<ObserverEvent, { kind: 'concluded' }> =>
      event.kind === 'concluded' && event.historyLength !== undefined && event.historyLength >= from,
  );
  // No followed activation seen (an observer that does not say where it is): nothing to compare.
  if (followed.length === 0) return undefined;
  const digest = createHash('sha256');
  for (const event of followed) {
    digest.update(`task ${event.historyLength}\0`);
    for (const command of event.commands)
      digest.update(coresdk.workflow_commands.WorkflowCommand.encode(command).finish());
    digest.update('\0');
  }
  return digest.digest('hex').slice(0, 32);
}

function replayDecisions(events: ObserverEvent[], from: number): string[] {
  return events.flatMap((event) =>
    event.kind === 'concluded' && (event.historyLength ?? from) >= from ? (event.replayDecided ?? []) : [],
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
