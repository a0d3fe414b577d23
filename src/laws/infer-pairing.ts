import type { Followed } from './infer-facts';
import { lastTaskNames } from './infer-facts';

/**
 * How each undo is registered, as a reading of the faults: `after` its step completed (a step is
 * undone when it completed), or `before` the step runs (a step is undone once it started, the failed
 * one too: undoFailedStep).
 */
export type Registration = 'after' | 'before';

/** One reading of the fault matrix: each undo paired with its step, the finally steps, and how well it fits. */
export interface Reading {
  registration: Registration;
  /** Undo → forward step. */
  pairs: Map<string, string>;
  finally: string[];
  /** Activities seen after faults that this reading cannot place (neither an undo, nor finally, nor cleanup on cancel). */
  unexplained: string[];
  /** Undos that more than one step fits, with the steps. */
  ambiguous: Map<string, string[]>;
}

/** For one undo and one step under a registration: the scenarios that agree and those that do not. */
export interface Evidence {
  agree: number;
  positive: number;
  disagree: string[];
}

/**
 * `undo` runs exactly in the scenarios where `step` completed (registered after it) or had started
 * (registered before it, the failed step undone too); a scenario that does not settle it is left out
 * (a step in flight at a cancel; registered before, the step after it, never started).
 */
export function evidence(rollbacks: Followed[], undo: string, step: string, registration: Registration): Evidence {
  const result: Evidence = { agree: 0, positive: 0, disagree: [] };
  for (const f of rollbacks) {
    const due =
      registration === 'after'
        ? f.completed.get(step)
        : f.started.has(step)
          ? true
          : f.next === step
            ? undefined
            : false;
    const ran = f.ran.includes(undo);
    if (due === undefined) {
      // In flight at a cancel, the step completed after it (no heartbeat timeout stops it): its undo running is evidence; not running, a question for the laws.
      if (ran && registration === 'after') [result.agree, result.positive] = [result.agree + 1, result.positive + 1];
      continue;
    }
    if (due !== ran) result.disagree.push(`${f.label} ${ran ? `ran ${undo}` : `did not run ${undo}`}`);
    else result.agree++;
    if (due && ran) result.positive++;
  }
  return result;
}

/** Activities run after every rollback, once, in its last workflow task that starts work. */
export function finallyCandidates(rollbacks: Followed[], names: string[]): string[] {
  return names.filter(
    (name) =>
      rollbacks.length > 0 &&
      rollbacks.every(
        (f) => f.ran.filter((r) => r === name).length === 1 && lastTaskNames(f.observation).includes(name),
      ),
  );
}

/**
 * The reading under one registration: each candidate undo paired with the one forward step it fits
 * with no disagreement (the first step's undo, registered before it, runs after every fault just as
 * a finally step does: `firstUndoIsFinally` says which to take).
 */
export function readingOf(
  rollbacks: Followed[],
  candidates: string[],
  forward: string[],
  registration: Registration,
  firstUndoIsFinally: boolean,
): Reading {
  const fits = (undo: string) =>
    forward.filter((step) => {
      const e = evidence(rollbacks, undo, step, registration);
      return e.disagree.length === 0 && e.positive > 0;
    });
  const always = finallyCandidates(rollbacks, candidates);
  const reading: Reading = { registration, pairs: new Map(), finally: [], unexplained: [], ambiguous: new Map() };
  const claimed = new Set<string>();
  for (const undo of candidates.filter((c) => !always.includes(c))) {
    const steps = fits(undo).filter((step) => !claimed.has(step));
    if (steps.length === 0) reading.unexplained.push(undo);
    else {
      if (steps.length > 1) reading.ambiguous.set(undo, steps);
      reading.pairs.set(undo, steps[0]);
      claimed.add(steps[0]);
    }
  }
  for (const undo of always) {
    const steps = fits(undo).filter((step) => !claimed.has(step));
    if (steps.length > 0 && !firstUndoIsFinally) {
      reading.pairs.set(undo, steps[0]);
      claimed.add(steps[0]);
    } else reading.finally.push(undo);
  }
  return reading;
}

/** Words of a camelCase name (`putCerealBackInBox` → put, cereal, back, in, box). */
function words(name: string): string[] {
  return name
    .split(/(?=[A-Z])|[^a-zA-Z]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 3);
}

/** How many words a step and its undo share (`createTenantRecord`, `deleteTenantRecord`: tenant, record); a word and its plural are one. */
export function sharedWords(step: string, undo: string): number {
  const undoWords = words(undo);
  return words(step).filter((w) =>
    undoWords.some((u) => u === w || (Math.min(u.length, w.length) >= 4 && (u.startsWith(w) || w.startsWith(u)))),
  ).length;
}

/** A reading's fit: fewer activities it cannot place first, then more words shared by its pairs. */
export function score(reading: Reading): [number, number] {
  return [reading.unexplained.length, -[...reading.pairs].reduce((n, [undo, step]) => n + sharedWords(step, undo), 0)];
}
