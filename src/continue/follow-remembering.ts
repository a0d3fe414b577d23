import type { FollowEngine } from './engine';
import type { FollowOptions } from './follow';
import { followPlanned, type Followed } from './follow-nested';
import { PathPredictor, PathRecorder, PredictionMissed, type SavedPaths } from './predicted-path';
import type { Scenario } from '../model/scenario';

type Options = FollowOptions & { deadlineMs: number };

export interface Remembered {
  followed: Followed[];
  /** The paths to save for the next run. */
  paths: SavedPaths;
  /** Every run followed along its kept path, proved by its replay; no live task. */
  predicted: boolean;
  /** A kept path was tried. */
  tried: boolean;
}

/**
 * Follows a planned scenario along the paths an earlier run saved for it, when there are any: kept
 * only if every run it follows closes with its prediction proved (a nested fault's first fault
 * too, whose close is not among the observations). When the replay shows where a run first
 * differs from its kept path, it is followed again: the kept tasks before that one answered from
 * the path (the replay showed today's code concludes them exactly so), live from there. Any other
 * end (a miss it cannot place, a finding, an error) and it is followed live, task by task, from the
 * fault, as with no prediction at all.
 */
export async function followRemembering(
  scenario: Scenario,
  engine: FollowEngine,
  options: Options,
  saved: SavedPaths | undefined,
): Promise<Remembered> {
  const tried = Boolean(saved && Object.keys(saved).length);
  if (saved && tried) {
    const predictor = new PathPredictor(engine, saved, options.deadlineMs);
    const predicted = await alongKeptPaths(scenario, predictor, predictor, options);
    if ('followed' in predicted) return { followed: predicted.followed, paths: saved, predicted: true, tried };
    const at = predicted.missed instanceof PredictionMissed ? predicted.missed.at : undefined;
    if (at) {
      const liveFrom = new Map([[at.runId, at.task]]);
      const partial = new PathPredictor(engine, saved, options.deadlineMs, liveFrom);
      const recorder = new PathRecorder(partial);
      const partly = await alongKeptPaths(scenario, recorder, partial, options);
      if ('followed' in partly) return { followed: partly.followed, paths: recorder.saved, predicted: false, tried };
    }
  }
  const recorder = new PathRecorder(engine);
  return { followed: await followPlanned(scenario, recorder, options), paths: recorder.saved, predicted: false, tried };
}

/**
 * One follow along the kept paths: its result if every run closed without an error and every proof
 * it asked for confirmed a kept path; else why not. Any error (a miss, or kept commands the engine
 * cannot record) costs only the live follow after it, which meets the error again if it is real.
 */
async function alongKeptPaths(
  scenario: Scenario,
  engine: FollowEngine,
  predictor: PathPredictor,
  options: Options,
): Promise<{ followed: Followed[] } | { missed: unknown }> {
  let missed: unknown;
  const followed = await followPlanned(scenario, engine, options).catch((err: unknown) => {
    missed = err;
    return undefined;
  });
  if (!followed) return { missed };
  const closed = followed.flatMap(({ observed }) => ('notApplicable' in observed ? [] : [observed]));
  const proved = predictor.proofs > 0 && predictor.proved === predictor.proofs;
  return closed.every((observed) => !observed.error) && proved ? { followed } : { missed: undefined };
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
