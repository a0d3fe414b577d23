import type { LoadedHistory } from '../model/history';
import type { Close, Observation } from '../model/observation';
import type { HistoryResult } from '../model/results';
import { ActivityStep, historySteps, stepCompleted, stepKind } from '../steps/steps';
import type { SagaSpec } from './spec';

/** What the fault matrix says about one forward step's undo. */
export interface StepInference {
  step: string;
  /** The undo paired with it, or undefined when none could be paired. */
  undo?: string;
  /** Scenario pairs (fault at step k, at step k+1) that show it, and those that agree with `undo`. */
  pairs: number;
  agree: number;
  /** `happy.json steps 3→4 saw (nothing new)`: the pairs that saw something else. */
  disagree: string[];
}

export interface Inference {
  spec: Omit<SagaSpec, 'file' | 'undoFailedStep'> & { undoFailedStep?: true };
  steps: StepInference[];
  /** One line each for finally, order and close, with how sure. */
  notes: string[];
  /** Forward-fault scenarios whose path was followed to a close. */
  scenarios: number;
}

interface Followed {
  label: string;
  observation: Observation;
}

const NOTHING = '(nothing new)';

/**
 * The spec a fault matrix implies (faults `activity-failed`, any judge): forward steps are the
 * recorded steps up to the first one that did not complete; an activity seen after a fault at
 * step k+1 but not after a fault at step k is step k's undo.
 */
export function inferSpec(workflowType: string, histories: LoadedHistory[], results: HistoryResult[]): Inference {
  const runs = histories.filter((h) => h.workflowType === workflowType).map((history) => forwardRun(history, results));
  const forwardTypes = new Set(runs.flatMap((run) => run.forward.map((step) => step.activityType)));
  const followed: Followed[] = runs.flatMap((run) =>
    run.forward.flatMap((step, k) => {
      const here = run.after[k];
      return here && !here.error ? [{ label: `${run.name} step ${step.index}`, observation: here }] : [];
    }),
  );
  const finallySteps = finallyOf(followed, forwardTypes);
  const failedUndone = failedStepUndone(runs, finallySteps.value, forwardTypes);
  const evidence = new Map<string, Array<{ label: string; seen: string }>>();
  for (const run of runs) {
    run.forward.forEach((step, k) => {
      if (!evidence.has(step.activityType)) evidence.set(step.activityType, []);
      const seen = failedUndone.value ? undoneWith(run, k, finallySteps.value) : undoneAfter(run, k);
      if (seen) evidence.get(step.activityType)?.push(seen);
    });
  }
  const steps = [...evidence.entries()].map(([step, seen]) => stepInference(step, seen));
  const order = orderOf(followed, stepOfUndo(steps, forwardTypes));
  const close = closeOf(followed);
  return {
    spec: {
      workflowType,
      undo: Object.fromEntries(steps.flatMap((s) => (s.undo ? [[s.step, s.undo]] : []))),
      noUndo: [],
      finally: finallySteps.value,
      ...(failedUndone.value ? { undoFailedStep: true as const } : {}),
      order: order.value,
      close: close.value,
    },
    steps,
    notes: [
      `finally: ${finallySteps.value.join(', ') || '(none)'}  ${finallySteps.note}`,
      `undoFailedStep: ${failedUndone.value}  ${failedUndone.note}`,
      `order: ${order.value}  ${order.note}`,
      `close: ${close.value}  ${close.note}`,
    ],
    scenarios: followed.length,
  };
}

interface ForwardRun {
  name: string;
  /** The recorded steps up to the first one that did not complete. */
  forward: ActivityStep[];
  /** What was observed after a fault at each forward step (undefined where not followed). */
  after: Array<Observation | undefined>;
}

function forwardRun(history: LoadedHistory, results: HistoryResult[]): ForwardRun {
  const result = results.find((r) => r.file === history.file);
  const steps = historySteps(history.events).filter((step) => stepKind(step) === 'activity');
  const firstFailed = steps.findIndex((step) => !stepCompleted(step));
  const forward = firstFailed < 0 ? steps : steps.slice(0, firstFailed + 1);
  const after = forward.map((step) => result?.scenarios.find((s) => s.step === step.index && s.fault === 'activity-failed')?.observed);
  return { name: history.file.replace(/^.*[/\\]/, ''), forward, after };
}

const followedTo = (o: Observation | undefined): o is Observation => o !== undefined && !o.error;

/** Undo registered after its step: what a fault at step k+1 shows that a fault at step k does not is step k's undo. */
function undoneAfter(run: ForwardRun, k: number): { label: string; seen: string } | undefined {
  const step = run.forward[k];
  const [here, next] = [run.after[k], run.after[k + 1]];
  if (!stepCompleted(step) || !followedTo(here) || !followedTo(next)) return undefined;
  return { label: `${run.name} steps ${step.index}→${step.index + 1}`, seen: seenText(minus(activities(next), activities(here))) };
}

/** Undo registered before its step (the failed step undone too): what a fault at step k shows that a fault at step k-1 does not, finally steps aside. */
function undoneWith(run: ForwardRun, k: number, finallySteps: string[]): { label: string; seen: string } | undefined {
  const here = run.after[k];
  const previous = k === 0 ? undefined : run.after[k - 1];
  if (!followedTo(here) || (k > 0 && !followedTo(previous))) return undefined;
  const rollbackOf = (o: Observation | undefined) => (o ? activities(o).filter((a) => !finallySteps.includes(a)) : []);
  const step = run.forward[k];
  const label = k === 0 ? `${run.name} step ${step.index} (first)` : `${run.name} steps ${run.forward[k - 1].index}→${step.index}`;
  return { label, seen: seenText(minus(rollbackOf(here), rollbackOf(previous))) };
}

/** A fault at the first forward step, with nothing completed, still undoes something: the failed step's own undo. */
function failedStepUndone(runs: ForwardRun[], finallySteps: string[], forward: Set<string>): { value: boolean; note: string } {
  const first = runs.map((run) => run.after[0]).filter(followedTo);
  const undoing = first.filter((o) => activities(o).some((a) => !finallySteps.includes(a) && !forward.has(a)));
  const note = `${undoing.length === 0 || undoing.length === first.length ? 'sure' : 'unsure'}: ${undoing.length} of ${first.length} faults at the first step undo something`;
  return { value: undoing.length > 0 && undoing.length * 2 >= first.length, note };
}

const seenText = (added: string[]): string => (added.length ? added.join(' + ') : NOTHING);

function stepInference(step: string, seen: Array<{ label: string; seen: string }>): StepInference {
  const counts = new Map<string, number>();
  for (const { seen: what } of seen) counts.set(what, (counts.get(what) ?? 0) + 1);
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const single = best && best[0] !== NOTHING && !best[0].includes(' + ');
  return {
    step,
    ...(single ? { undo: best[0] } : {}),
    pairs: seen.length,
    agree: best ? best[1] : 0,
    disagree: seen.filter((s) => !best || s.seen !== best[0]).map((s) => `${s.label} saw ${s.seen}`),
  };
}

/** `createTenantRecord → deleteTenantRecord  sure: 6 of 6 scenario pairs agree`, or why it could not be paired. */
export function inferenceLine(s: StepInference, width: number): string {
  const head = `${s.step.padEnd(width)} → ${(s.undo ?? '?').padEnd(width)}`;
  const disagree = s.disagree.length ? `; disagree: ${s.disagree.join('; ')}` : '';
  if (s.pairs === 0) return `${head} not paired: no fault point follows it once it completed; add its undo by hand, or list it in noUndo`;
  if (!s.undo) return `${head} could not pair: ${s.agree} of ${s.pairs} scenario pairs show no single new activity after a fault at the next step; add its undo, or list it in noUndo${disagree}`;
  return `${head} ${s.agree === s.pairs ? 'sure' : 'unsure'}: ${s.agree} of ${s.pairs} scenario pairs agree${disagree}`;
}

function activities(observation: Observation): string[] {
  return observation.tasks.flat().flatMap((command) => ('activity' in command ? [command.activity] : []));
}

function minus(all: string[], some: string[]): string[] {
  const left = [...some];
  return all.filter((activity) => {
    const at = left.indexOf(activity);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/**
 * Finally steps: seen after every fault, never a forward step, and always in the last workflow task
 * that starts activities (after the undos; an undo seen after every fault, such as the first
 * step's undo when the failed step is undone too, starts with the others, not last).
 */
function finallyOf(followed: Followed[], forward: Set<string>): { value: string[]; note: string } {
  const lastTask = (o: Observation) => [...o.tasks].reverse().find((task) => task.some((c) => 'activity' in c)) ?? [];
  const always = (a: string) => followed.every((f) => lastTask(f.observation).some((c) => 'activity' in c && c.activity === a) && activities(f.observation).filter((x) => x === a).length === 1);
  const candidates = [...new Set(followed.flatMap((f) => activities(f.observation)))].filter((a) => !forward.has(a));
  const everywhere = candidates.filter((a) => followed.every((f) => activities(f.observation).includes(a)));
  const value = everywhere.filter(always);
  const partial = candidates.filter((a) => !everywhere.includes(a) && followed.some((f) => lastTask(f.observation).some((c) => 'activity' in c && c.activity === a)));
  const seen = partial.map((a) => `${a} (${followed.filter((f) => activities(f.observation).includes(a)).length} of ${followed.length})`);
  return { value, note: `sure: last, after every fault (${followed.length} of ${followed.length})${seen.length ? `; seen last after some faults only, left out: ${seen.join(', ')}` : ''}` };
}

/** Each paired undo, with its forward step's place in the forward run (0 first). */
function stepOfUndo(steps: Array<{ step: string; undo?: string }>, forwardTypes: Set<string>): Map<string, number> {
  const place = new Map([...forwardTypes].map((type, index) => [type, index]));
  return new Map(steps.flatMap((s) => (s.undo && place.has(s.step) ? [[s.undo, place.get(s.step)!] as const] : [])));
}

function orderOf(followed: Followed[], undoneStep: Map<string, number>): { value: SagaSpec['order']; note: string } {
  const undosIn = (task: Observation['tasks'][number]) => task.filter((c) => 'activity' in c && undoneStep.has(c.activity)).length;
  const several = followed.filter((f) => f.observation.tasks.reduce((n, task) => n + undosIn(task), 0) > 1);
  if (several.length === 0) return { value: 'reverse-sequential', note: 'unsure: no fault was followed by two undos or more; reverse-sequential is the default, review it' };
  const together = several.filter((f) => f.observation.tasks.some((task) => undosIn(task) > 1));
  if (together.length === 0) {
    // One undo per task is not yet the order: the last completed step must be undone first.
    const places = (f: Followed) => f.observation.tasks.flat().flatMap((c) => ('activity' in c && undoneStep.has(c.activity) ? [undoneStep.get(c.activity)!] : []));
    const otherOrder = several.filter((f) => places(f).some((place, i, all) => i > 0 && place > all[i - 1]));
    if (otherOrder.length === 0) return { value: 'reverse-sequential', note: `sure: one undo per workflow task, the last completed step first, in ${several.length} of ${several.length} scenarios with two undos or more` };
    return { value: 'reverse-sequential', note: `unsure: ${otherOrder.length} of ${several.length} scenarios undo a step before one completed after it: ${otherOrder.map((f) => f.label).join('; ')}` };
  }
  const sure = together.length === several.length && several.every((f) => f.observation.tasks.filter((task) => undosIn(task) > 0).length === 1);
  return { value: 'parallel', note: `${sure ? 'sure: ' : ''}${together.length} of ${several.length} start undos together: ${together.map((f) => f.label).join('; ')}` };
}

function closeOf(followed: Followed[]): { value: SagaSpec['close']; note: string } {
  const status = (f: Followed): Close['status'] | 'never' => f.observation.close?.status ?? 'never';
  const counts = new Map<string, number>();
  for (const f of followed) counts.set(status(f), (counts.get(status(f)) ?? 0) + 1);
  const [best] = [...counts.entries()].filter(([s]) => s !== 'never').sort((a, b) => b[1] - a[1]);
  const value = (best?.[0] ?? 'failed') as SagaSpec['close'];
  const disagree = followed.filter((f) => status(f) !== value).map((f) => `${f.label} ${status(f)}`);
  return { value, note: `${disagree.length ? 'unsure' : 'sure'}: ${best?.[1] ?? 0} of ${followed.length}${disagree.length ? `; disagree: ${disagree.join('; ')}` : ''}` };
}
