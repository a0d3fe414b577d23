import type { LoadedHistory } from '../load/load';
import type { Close, Observation } from '../judge/observation';
import type { HistoryResult } from '../judge/results';
import { activitySteps } from '../steps/steps';
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
  spec: Omit<SagaSpec, 'file'>;
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
  const evidence = new Map<string, Array<{ label: string; seen: string }>>();
  const forwardTypes = new Set<string>();
  const followed: Followed[] = [];
  for (const history of histories.filter((h) => h.workflowType === workflowType)) {
    const result = results.find((r) => r.file === history.file);
    const steps = activitySteps(history.events);
    const firstFailed = steps.findIndex((step) => step.closeEventType !== 'ActivityTaskCompleted');
    const forward = firstFailed < 0 ? steps : steps.slice(0, firstFailed + 1);
    const after = forward.map((step) => result?.scenarios.find((s) => s.step === step.index && s.fault === 'activity-failed')?.observed);
    const name = history.file.replace(/^.*[/\\]/, '');
    forward.forEach((step, k) => {
      forwardTypes.add(step.activityType);
      if (!evidence.has(step.activityType)) evidence.set(step.activityType, []);
      const [here, next] = [after[k], after[k + 1]];
      if (here && !here.error) followed.push({ label: `${name} step ${step.index}`, observation: here });
      if (step.closeEventType !== 'ActivityTaskCompleted' || !here || !next || here.error || next.error) return;
      const added = minus(activities(next), activities(here));
      evidence.get(step.activityType)?.push({ label: `${name} steps ${step.index}→${step.index + 1}`, seen: added.length ? added.join(' + ') : NOTHING });
    });
  }
  const steps = [...evidence.entries()].map(([step, seen]) => stepInference(step, seen));
  const undos = new Set(steps.flatMap((s) => (s.undo ? [s.undo] : [])));
  const finallySteps = finallyOf(followed, undos, forwardTypes);
  const order = orderOf(followed, undos);
  const close = closeOf(followed);
  return {
    spec: {
      workflowType,
      undo: Object.fromEntries(steps.flatMap((s) => (s.undo ? [[s.step, s.undo]] : []))),
      noUndo: [],
      finally: finallySteps.value,
      order: order.value,
      close: close.value,
    },
    steps,
    notes: [`finally: ${finallySteps.value.join(', ') || '(none)'}  ${finallySteps.note}`, `order: ${order.value}  ${order.note}`, `close: ${close.value}  ${close.note}`],
    scenarios: followed.length,
  };
}

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

function finallyOf(followed: Followed[], undos: Set<string>, forward: Set<string>): { value: string[]; note: string } {
  const candidates = [...new Set(followed.flatMap((f) => activities(f.observation)))].filter((a) => !undos.has(a) && !forward.has(a));
  const value = candidates.filter((a) => followed.every((f) => activities(f.observation).includes(a)));
  const partial = candidates.filter((a) => !value.includes(a)).map((a) => `${a} (${followed.filter((f) => activities(f.observation).includes(a)).length} of ${followed.length})`);
  return { value, note: `sure: after every fault (${followed.length} of ${followed.length})${partial.length ? `; seen after some faults only, left out: ${partial.join(', ')}` : ''}` };
}

function orderOf(followed: Followed[], undos: Set<string>): { value: SagaSpec['order']; note: string } {
  const together = followed.filter((f) => f.observation.tasks.some((task) => task.filter((c) => 'activity' in c && undos.has(c.activity)).length > 1));
  if (together.length === 0) return { value: 'reverse-sequential', note: `sure: one undo per workflow task in ${followed.length} of ${followed.length}` };
  const note = `${together.length} of ${followed.length} start undos together${together.length < followed.length ? '' : ''}: ${together.map((f) => f.label).join('; ')}`;
  return { value: 'parallel', note };
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
