import type { HistoryEvent } from '../history/events';
import type { Observation } from '../model/observation';
import type { ActivityStep } from '../steps/steps';
import type { SagaSpec } from './spec';

/** One activity of the path: recorded before the fault, the faulted step itself, or issued after it. */
export interface PathActivity {
  activity: string;
  /** `before`: recorded in the history; `fault`: the faulted step; `after`: issued after the fault, in workflow task `task` (0-based). */
  when: 'before' | 'fault' | 'after';
  task?: number;
}

/** Everything a law reads about one scenario. */
export interface LawContext {
  spec: SagaSpec;
  faulted: ActivityStep;
  observation: Observation;
  /** Forward steps that completed before the fault and need an undo, in completion order (activity types). */
  completed: string[];
  /** With `undoFailedStep`: the forward steps among `completed` that failed rather than completed (the faulted one last). */
  failed: string[];
  /**
   * The rollback so far: undo and finally activities recorded before the fault (a real failure
   * earlier; forward steps recorded after that failure too), the faulted one if it is such, then
   * everything after the fault.
   */
  rollback: PathActivity[];
  /** The activities issued after the fault, with their workflow task. */
  after: PathActivity[];
  /** The recorded history's events (what a fault that changes no outcome must reproduce). */
  recorded?: HistoryEvent[];
}

/** A violated law: one line, e.g. `createTenantSchema completed but dropTenantSchema never ran`. */
export interface LawFinding {
  law: string;
  message: string;
}

/**
 * One saga law (a module each, registered in ./registry.ts): what it says, and where a
 * scenario breaks it. `findings` returns nothing when the law holds.
 */
export interface SagaLaw {
  /** The law as a person says it, used in every finding: `every completed step is undone`. */
  readonly name: string;
  /**
   * `rollback` (the default): judged after a fault that fails the step. `same-path`: judged after
   * a fault that changes no outcome (`expectsSamePath` fault kinds), where a rollback is the bug.
   */
  readonly appliesTo?: 'rollback' | 'same-path';
  /**
   * False: not judged when a compensation itself fails (`nested:<fault>`), where a correct saga
   * may legitimately break it (e.g. it retries the undo that failed).
   */
  readonly whenUndoFails?: false;
  findings(context: LawContext): string[];
}

/** The forward step a spec says this activity undoes. */
export function undoneBy(spec: SagaSpec, activity: string): string | undefined {
  return Object.keys(spec.undo).find((step) => spec.undo[step] === activity);
}

export function isUndo(spec: SagaSpec, activity: string): boolean {
  return undoneBy(spec, activity) !== undefined;
}

/** A forward step: anything the spec names neither as an undo nor as a finally step. */
export function isForward(spec: SagaSpec, activity: string): boolean {
  return !isUndo(spec, activity) && !spec.finally.includes(activity);
}
