import type { HistoryEvent } from '../history/events';
import type { Observation } from '../model/observation';
import type { ActivityStep } from '../steps/steps';
import type { PathStep, PathView } from './path';
import type { CloseStatus, SagaSpec } from './spec';
import { names, undoneStep } from './spec-roles';

/** What the laws know of the scenario besides its path. */
export interface LawScenario {
  /** The fault's name (`activity-failed`, `signal:abort`): `closeOn` and signal effects are looked up by it. */
  fault?: string;
  /** The close the fault itself decides (a cancelled workflow closes canceled), unless the spec's `closeOn` says otherwise. */
  faultCloses?: CloseStatus;
  /** The recorded history's events: where the path starts to differ, and what a fault that changes no outcome must reproduce. */
  recorded?: HistoryEvent[];
}

/** Everything a law reads about one scenario (./context.ts builds it from the followed path). */
export interface LawContext {
  spec: SagaSpec;
  faulted: ActivityStep;
  observation: Observation;
  /** The recorded history's events (what a fault that changes no outcome must reproduce). */
  recorded?: HistoryEvent[];
  path: PathView;
  /** False: nothing is to be rolled back here (`noRollback` says why). */
  rollback: boolean;
  noRollback?: string;
  /** The event that starts the rollback (Infinity when there is none). */
  failureAt: number;
  /** The workflow's cancellation is what first called for the rollback (not a failure or an abort signal before it). */
  cancelFirst: boolean;
  /** The cancel came first, but a step in flight at it then failed on its own: which of the two the workflow saw first is not on the path. */
  cancelRaced: boolean;
  /** Forward steps started before the failure point that completed on the path and need an undo (with `undoFailedStep`: every one started), in path order. */
  completed: PathStep[];
  /** Forward steps started before the failure point and still open at the close: whether they completed is not on the path. */
  unsettled: PathStep[];
  /** Every undo on the path, in path order (one that failed ran too). */
  undos: PathStep[];
  /** Steps a workflow task scheduled after it had seen the failure point. */
  afterFailure: PathStep[];
  /** `or`: a second close that is as declared too (a cancel raced by a step's own failure). */
  expectedClose: { status: CloseStatus; or?: CloseStatus; why: string };
}

/** A violated law: one line, e.g. `createTenantSchema completed but dropTenantSchema never ran`. */
export interface LawFinding {
  law: string;
  message: string;
}

/**
 * One saga law (a module each, registered in ./registry.ts): what it says, and where a
 * scenario breaks it. `findings` returns nothing when the law holds, or when the path does not
 * settle what it needs (unsure is never a finding).
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

/** The spec's key for a forward step of the path (its undo is `spec.undo[key]`), or undefined when the spec names no undo for it. */
export function undoKey(spec: SagaSpec, step: Pick<PathStep, 'name' | 'kind'>): string | undefined {
  return Object.keys(spec.undo).find((key) => names(spec, key, step));
}

/** The forward step (its name) that an undo of the path undoes. */
export function stepUndoneBy(spec: SagaSpec, undo: Pick<PathStep, 'name' | 'kind'>): string {
  return undoneStep(spec, undo) as string;
}

/** Each distinct name once, in first-seen order. */
export function firstOfEach<T extends { name: string }>(steps: T[]): T[] {
  return steps.filter((step, i) => steps.findIndex((other) => other.name === step.name) === i);
}

/** Whether two steps started in the same workflow task can be told apart from the path: a local activity's marker says when it ended, not when it started. */
export function startKnown(step: Pick<PathStep, 'kind'>): boolean {
  return step.kind !== 'local-activity';
}
