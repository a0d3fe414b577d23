import { readFileSync } from 'node:fs';
import { idOf, type HistoryEvent } from '../history/events';
import { localActivityData } from '../steps/local-activity-steps';
import { loadUserModule } from '../util/load-module';

/**
 * Results given by the user (`--results`), by activity (or child workflow, or local activity) type:
 * a value, a function of the call's arguments and the scenario, or `{ "$reuse": true }` to answer a
 * call with the recorded result of a call of that type with equal arguments.
 */
export type GivenResults = Record<string, unknown>;

/** What a `--results` function is told besides the call's arguments (its last parameter). */
export interface AnswerScenario {
  /** The fault's label, e.g. `activity-timeout:start-to-close`. */
  fault: string;
  step: { index: number; activityType: string };
  /** The activity, local activity and child workflow types that completed on the path so far, in order. */
  completed: string[];
}

const REUSE = '$reuse';

/** A `--results` entry that asks for the recorded result of a call with equal arguments (`{ "$reuse": true }`). */
export function isReuse(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[REUSE] === true;
}

/** The types a scenario's path completed so far, in order (what a `--results` function may ask for). */
export function completedTypes(path: HistoryEvent[]): string[] {
  return path.flatMap((event) => {
    const activity = event.activityTaskCompletedEventAttributes;
    if (activity)
      return [
        path[idOf(activity.scheduledEventId) - 1]?.activityTaskScheduledEventAttributes?.activityType?.name ?? '',
      ];
    const child = event.childWorkflowExecutionCompletedEventAttributes;
    if (child) return [child.workflowType?.name ?? ''];
    const local = localActivityData(event);
    return local && !event.markerRecordedEventAttributes?.failure ? [local.activity_type] : [];
  });
}

/** Reads `--results`: a JSON file, or a .ts/.js module exporting the map (as `results` or default). */
export function loadGivenResults(path: string): GivenResults {
  let given: unknown;
  if (path.endsWith('.json')) {
    try {
      given = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`results file ${path}: ${(err as Error).message}`);
    }
  } else {
    const module = loadUserModule(path, 'results');
    given = module.results ?? module.default ?? module;
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new Error(
      `results file ${path}: expected an object of results by activity type, e.g. {"chargeCard": {"chargeId": "c1"}}, got ${Array.isArray(given) ? 'an array' : given === null ? 'null' : typeof given}`,
    );
  }
  return given as GivenResults;
}
