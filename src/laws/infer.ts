import type { LoadedHistory } from '../model/history';
import type { HistoryResult } from '../model/results';
import { followedScenarios, kindsOf, runsOf, type Followed } from './infer-facts';
import { abortDue, closeNotes, orderNote, signalNotes } from './infer-notes';
import { evidence, finallyCandidates, readingOf, score, type Reading } from './infer-pairing';
import type { SagaSpec } from './spec';

/** What the fault matrix says about one forward step's undo. */
export interface StepInference {
  step: string;
  /** The undo paired with it, or undefined when none is. */
  undo?: string;
  /** Scenarios that decide the pairing (where the step completed, or started for an undo registered before it, and where not), and those that agree. */
  scenarios: number;
  agree: number;
  /** `happy.json step 3 × activity-failed did not run dropTenantSchema`: the scenarios that disagree. */
  disagree: string[];
  /** Why a person must decide: another reading of the faults fits too. */
  unsure?: string;
  /**
   * Why it has no undo: faults after it completed undo nothing for it (`none-seen`: it needs none, or
   * its undo is missing, a person decides), it runs in the rollback too (`readOnly`), its failure is
   * swallowed (`bestEffort`), or no fault follows it once it completed (`no-evidence`).
   */
  none?: 'none-seen' | 'readOnly' | 'bestEffort' | 'no-evidence';
}

export type InferredSpec = Omit<SagaSpec, 'file' | 'undoFailedStep' | 'order'> & {
  undoFailedStep?: true;
  order?: SagaSpec['order'];
};

export interface Inference {
  spec: InferredSpec;
  steps: StepInference[];
  /** One line each for finally, undoFailedStep, order (or stages) and close, with how sure; then signals, cleanup on cancel, read-only and best-effort steps. */
  notes: string[];
  /** Scenarios followed to a close that say something about the rollback. */
  scenarios: number;
}

/**
 * The spec a fault matrix implies, from every fault kind followed (any judge). A scenario that rolls
 * back (an undo ran, or the workflow did not complete) is evidence: an undo runs exactly where its
 * step completed (registered after it) or had started (registered before it, the failed step
 * undone too). Both readings often fit the same faults (an undo registered after step k runs
 * exactly where one registered before step k+1 does): then every line they disagree on says
 * `unsure`, and the reading whose steps and undos share the most words is written.
 */
export function inferSpec(workflowType: string, histories: LoadedHistory[], results: HistoryResult[]): Inference {
  const runs = runsOf(workflowType, histories);
  const followed = followedScenarios(runs, histories, results);
  const forward = [...new Set(runs.flatMap((run) => run.forward.map((step) => step.activityType)))];
  const rolledBack = (f: Followed) =>
    f.observation.close?.status !== 'completed' || f.ran.some((name) => !forward.includes(name));
  const rollbacks = followed.filter(rolledBack);
  const signals = signalNotes(followed, rolledBack, runs);
  const bestEffort = forward.filter((step) => {
    const at = followed.filter(
      (f) => f.kind === 'failure' && f.faulted.activityType === step && !abortDue(f, signals.value),
    );
    return at.length > 0 && at.every((f) => !rolledBack(f));
  });
  // Failures and cancels decide the pairing; a signal's rollback may start later, once forward steps went on;
  // after an abort signal recorded before the fault, the rollback was already due.
  // A cancel after which the workflow started nothing, where a failure at the same step rolled back:
  // the rollback does not run on a cancel (a bug the laws name), which says nothing about pairing.
  const skipsRollback = (f: Followed) =>
    f.kind === 'cancel' &&
    f.ran.length === 0 &&
    followed.some(
      (g) => g.kind === 'failure' && g.run === f.run && g.faulted.index === f.faulted.index && g.ran.length > 0,
    );
  const noRollbackOnCancel = rollbacks.filter(skipsRollback);
  const deciding = rollbacks.filter((f) => f.kind !== 'signal' && !abortDue(f, signals.value) && !skipsRollback(f));
  const seenAfter = [...new Set(deciding.flatMap((f) => f.ran))];
  const forwardAlsoInRollback = forward.filter(
    (step) => deciding.length > 0 && deciding.every((f) => f.ran.includes(step)),
  );
  const forwardFinally = finallyCandidates(deciding, forwardAlsoInRollback);
  const readOnly = forwardAlsoInRollback.filter((step) => !forwardFinally.includes(step));
  // Cancels that started the rollback (not one an abort signal recorded earlier had already called for).
  const cancels = deciding.filter((f) => f.kind === 'cancel');
  const candidates = seenAfter.filter((name) => !forward.includes(name));
  const onCancel = candidates.filter(
    (name) =>
      cancels.length > 0 &&
      cancels.length < deciding.length &&
      deciding.every((f) => f.ran.includes(name) === cancels.includes(f)),
  );
  const undoCandidates = candidates.filter((name) => !onCancel.includes(name));
  const pairable = forward.filter((step) => !readOnly.includes(step) && !forwardFinally.includes(step));
  const readings = [
    readingOf(deciding, undoCandidates, pairable, 'after', true),
    readingOf(deciding, undoCandidates, pairable, 'before', false),
    readingOf(deciding, undoCandidates, pairable, 'before', true),
  ];
  const byScore = [...readings].sort((a, b) => compare(score(a), score(b)));
  const chosen = byScore[0];
  const fitting = readings.filter((r) => r.unexplained.length === 0 && !sameReading(r, chosen));
  const steps = pairable.map((step) => stepInference(step, chosen, fitting, deciding, bestEffort));
  for (const step of [...readOnly].reverse())
    steps.splice(forward.indexOf(step), 0, { step, scenarios: 0, agree: 0, disagree: [], none: 'readOnly' });
  const finallySteps = [...forwardFinally, ...chosen.finally];
  const undo = Object.fromEntries(steps.flatMap((s) => (s.undo ? [[s.step, s.undo]] : [])));
  const kinds = kindsOf(runs, followed);
  const usedKinds = Object.fromEntries(
    Object.entries(kinds).filter(([name]) => forward.includes(name) || candidates.includes(name)),
  );
  const order = orderNote(deciding, runs, undo);
  const close = closeNotes(followed, rolledBack, signals.value);
  return {
    spec: {
      workflowType,
      undo,
      // A step no rollback undoes may need no undo, or miss one: a person decides (the laws name it until then).
      noUndo: [],
      finally: finallySteps,
      ...(chosen.registration === 'before' ? { undoFailedStep: true as const } : {}),
      ...(order.stages ? {} : { order: order.value }),
      close: close.value,
      ...(Object.keys(usedKinds).length ? { kinds: usedKinds } : {}),
      ...(readOnly.length ? { readOnly } : {}),
      ...(bestEffort.length ? { bestEffort } : {}),
      ...(onCancel.length ? { onCancel } : {}),
      ...(Object.keys(signals.value).length ? { signals: signals.value } : {}),
      ...(order.stages ? { stages: order.stages } : {}),
      ...(Object.keys(close.closeOn).length ? { closeOn: close.closeOn } : {}),
    },
    steps,
    notes: [
      finallyNote(finallySteps, chosen, fitting, deciding),
      registrationNote(chosen, fitting, deciding, forward),
      order.note,
      close.note,
      ...signals.notes,
      ...(onCancel.length
        ? [
            `onCancel: ${onCancel.join(', ')}  ran after every workflow-cancel (${cancels.length}) and after no other fault`,
          ]
        : []),
      ...(readOnly.length
        ? [
            `readOnly: ${readOnly.join(', ')}  unsure: forward steps that run again in every rollback (a status check); a step the workflow starts again after a fault is a bug instead`,
          ]
        : []),
      ...(bestEffort.length
        ? [`bestEffort: ${bestEffort.join(', ')}  a fault at it starts no rollback and the workflow completes`]
        : []),
      ...(chosen.unexplained.length
        ? [`not placed: ${chosen.unexplained.join(', ')} ran after some faults but fits no step, nor finally: review`]
        : []),
      ...notFollowedNote(workflowType, results),
      ...(noRollbackOnCancel.length
        ? [
            `cancel: nothing ran after ${noRollbackOnCancel.length} workflow-cancel faults where a failure at the same step rolls back (${noRollbackOnCancel[0].label}…): left out of the pairing; the rollback does not run on a cancel, which the laws name`,
          ]
        : []),
    ],
    scenarios: rollbacks.length,
  };
}

/** Scenarios that could not be followed to a close say nothing: the inference rests on the others, and says how many are missing. */
function notFollowedNote(workflowType: string, results: HistoryResult[]): string[] {
  const missing = results
    .filter((r) => r.workflowType === workflowType)
    .flatMap((r) =>
      r.scenarios
        .filter((s) => s.observed?.error)
        .map((s) => `${r.file.replace(/^.*[/\\]/, '')} step ${s.step} × ${s.fault} (${s.observed!.error!.outcome})`),
    );
  if (missing.length === 0) return [];
  return [
    `not followed: ${missing.length} scenarios, whose evidence is missing (every line above is less sure than it says): ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? `; … ${missing.length - 5} more` : ''}`,
  ];
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

function sameReading(a: Reading, b: Reading): boolean {
  const pairs = (r: Reading) => JSON.stringify([[...r.pairs].sort(), [...r.finally].sort()]);
  return pairs(a) === pairs(b);
}

function stepInference(
  step: string,
  chosen: Reading,
  fitting: Reading[],
  deciding: Followed[],
  bestEffort: string[],
): StepInference {
  const undoOf = (r: Reading) => [...r.pairs].find(([, s]) => s === step)?.[0];
  const undo = undoOf(chosen);
  const others = fitting.filter((r) => undoOf(r) !== undo);
  const alternative = [
    ...new Set(
      others.map(
        (r) =>
          `${undoOf(r) ?? 'no undo'} (undos registered ${r.registration} their step${r.finally.length ? `, finally ${r.finally.join(', ')}` : ''})`,
      ),
    ),
  ];
  const unsure = others.length
    ? `another reading fits the faults too: ${alternative.join('; or ')}; chosen by the words step and undo share`
    : undefined;
  if (undo) {
    const e = evidence(deciding, undo, step, chosen.registration);
    return {
      step,
      undo,
      scenarios: e.agree + e.disagree.length,
      agree: e.agree,
      disagree: e.disagree,
      ...(unsure ? { unsure } : {}),
    };
  }
  const due = deciding.filter((f) =>
    chosen.registration === 'after' ? f.completed.get(step) === true : f.started.has(step),
  );
  const none = bestEffort.includes(step) ? 'bestEffort' : due.length > 0 ? 'none-seen' : 'no-evidence';
  return { step, scenarios: due.length, agree: due.length, disagree: [], none, ...(unsure ? { unsure } : {}) };
}

function finallyNote(finallySteps: string[], chosen: Reading, fitting: Reading[], deciding: Followed[]): string {
  const other = fitting.find((r) => r.finally.join() !== chosen.finally.join());
  const how = other ? `unsure: another reading fits with finally ${other.finally.join(', ') || '(none)'}` : 'sure';
  if (finallySteps.length === 0)
    return `finally: (none)  no activity ran last after every fault${other ? `; ${how}` : ''}`;
  return `finally: ${finallySteps.join(', ')}  ${how}: last, after every fault (${deciding.length} of ${deciding.length})`;
}

function registrationNote(chosen: Reading, fitting: Reading[], deciding: Followed[], forward: string[]): string {
  const value = chosen.registration === 'before';
  const first = deciding.filter((f) => f.faulted.activityType === forward[0]);
  const undoing = first.filter((f) => f.ran.some((name) => chosen.pairs.has(name)));
  const counted = `${undoing.length} of ${first.length} faults at the first step undo something`;
  const other = fitting.find((r) => r.registration !== chosen.registration);
  if (!other) return `undoFailedStep: ${value}  sure: ${counted}`;
  return `undoFailedStep: ${value}  unsure: ${counted}, and the faults fit undos registered ${other.registration} their step as well; chosen by the words steps and undos share`;
}

/** `createTenantRecord → deleteTenantRecord  sure: 6 of 6 scenarios agree`, or why it is not paired. */
export function inferenceLine(s: StepInference, width: number): string {
  const head = `${s.step.padEnd(width)} → ${(s.undo ?? '?').padEnd(width)}`;
  const disagree = s.disagree.length ? `; disagree: ${s.disagree.join('; ')}` : '';
  const unsure = s.unsure ? `unsure: ${s.unsure}` : '';
  if (s.undo)
    return `${head} ${unsure || 'sure'}${unsure ? '' : `: ${s.agree} of ${s.scenarios} scenarios agree`}${disagree}`;
  const why = {
    'none-seen': `no undo seen: ${s.scenarios} faults after it ${s.scenarios === 1 ? 'was' : 'were'} due undo nothing for it; list it in noUndo if it needs none, else its undo is missing`,
    readOnly: 'read-only: it runs in every rollback too (listed in readOnly)',
    bestEffort: 'best-effort: a fault at it starts no rollback (listed in bestEffort)',
    'no-evidence':
      'not paired: no fault point follows it once it completed; add its undo by hand, or list it in noUndo',
  }[s.none ?? 'no-evidence'];
  return `${head} ${why}${unsure ? `; ${unsure}` : ''}`;
}
