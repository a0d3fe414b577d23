import { HistoryBuilder } from '../history/builder';
import type { HistoryEvent } from '../history/events';
import { idOf } from '../history/events';
import type { LoadedHistory } from '../model/history';
import { historySteps, stepCompleted, stepKind, type ActivityStep, type StepKind } from '../steps/steps';
import { isCommandOfTask } from '../steps/wait-steps';
import type { SagaSpec } from '../laws/spec';
import type { NestedFault } from './nested';

/**
 * One kind of fault (see docs/faults.md). Each kind is a module with this
 * shape, registered in ./registry.ts; the engine knows nothing else about it.
 */
export interface FaultKind {
  /** The catalogue's stable name, used in reports, golden files and CLI flags. */
  readonly name: string;
  /** The matrix column's header, where the name's initials would not tell kinds apart. */
  readonly code?: string;
  /** The kinds of step the fault can hit (default: activities only); at other steps it is not applicable. */
  readonly stepKinds?: readonly StepKind[];
  /** Why this fault cannot happen at this step, or undefined when it can. */
  notApplicable(step: ActivityStep, history: LoadedHistory): string | undefined;
  /**
   * The rewritten history: the recorded prefix up to the step, the fault's events in place of the
   * step's real outcome, then the workflow task the server schedules and starts in answer, left
   * open so that the replayer runs it live.
   */
  inject(step: ActivityStep, history: LoadedHistory): HistoryEvent[];
  /**
   * The fault changes nothing the workflow sees as an outcome (a retried attempt, a crashed worker):
   * a correct workflow follows the recorded path, so it is judged against the recorded history.
   */
  readonly expectsSamePath?: boolean;
  /** At a local activity step, its local activity fails when the worker runs it live (core writes its marker, attempts and backoff included). */
  readonly failsLocalActivity?: boolean;
  /** How a correct saga closes after this fault at this step whatever its spec declares (a cancelled workflow closes canceled); undefined: as the spec says. */
  closes?(step: ActivityStep, events: HistoryEvent[]): SagaSpec['close'] | undefined;
  /**
   * Writes this fault's events for any activity of the path (scheduled at `scheduledEventId`): at an
   * activity step the fault persists (the workflow calling the same activity again meets it again),
   * and a `nested:` kind fails a compensation with it (./path-faults.ts).
   */
  failActivity?(builder: HistoryBuilder, scheduledEventId: number, step: ActivityStep): void;
  /** Writes this fault's close for any child workflow of the path (a `nested:` kind fails a compensation that is a child with it). */
  failChild?(builder: HistoryBuilder, initiatedEventId: number, startedEventId: number, step: ActivityStep): void;
  /** Why this fault cannot hit a compensation of its step kind (a `nested:` kind asks); default: `notApplicable`. */
  compensationNotApplicable?(step: ActivityStep, history: LoadedHistory): string | undefined;
  /** A `nested:<fault>` kind: after this fault, a compensation meets another (./nested.ts). */
  readonly nested?: NestedFault;
}

const KIND_NAMES: Record<StepKind, string> = {
  activity: 'an activity',
  'child-workflow': 'a child workflow',
  'local-activity': 'a local activity',
  timer: 'a timer',
  wait: 'a wait',
};
const KIND_PLURALS: Record<StepKind, string> = {
  activity: 'activities',
  'child-workflow': 'child workflows',
  'local-activity': 'local activities',
  timer: 'timers',
  wait: 'waits',
};

/** `a`, `a and b`, `a, b and c`. */
function listed(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The fault hits steps of this step's kind (activities, unless the kind says otherwise). */
export function hitsStepKind(fault: FaultKind, step: ActivityStep): boolean {
  return (fault.stepKinds ?? ['activity']).includes(stepKind(step));
}

/** Why `fault` cannot happen at `step`: a step of another kind, or the kind's own reason. */
export function notApplicableAt(fault: FaultKind, step: ActivityStep, history: LoadedHistory): string | undefined {
  const kinds = fault.stepKinds ?? ['activity'];
  if (!hitsStepKind(fault, step))
    return `the step is ${KIND_NAMES[stepKind(step)]}: ${fault.name} hits ${listed(kinds.map((k) => KIND_PLURALS[k]))} only`;
  return fault.notApplicable(step, history);
}

/** The usual shape of an activity fault: the prefix, the fault's events for the step, a live workflow task. */
export function injectActivityFault(
  step: ActivityStep,
  history: LoadedHistory,
  write: (builder: HistoryBuilder, scheduledEventId: number) => void,
): HistoryEvent[] {
  const builder = new HistoryBuilder(prefixThroughStep(step, history.events), history.events);
  write(builder, step.scheduledEventId);
  builder.startWorkflowTask();
  return builder.events;
}

/**
 * The recorded events up to and including the step's scheduling (its ActivityTaskScheduled,
 * TimerStarted, ...) and the other commands of the same workflow task (all written together by the server).
 */
export function prefixThroughStep(step: ActivityStep, events: HistoryEvent[]): HistoryEvent[] {
  const taskId = step.scheduledByTaskEventId ?? 0;
  let end = step.scheduledEventId;
  while (end < events.length && isCommandOfTask(events[end], taskId)) end++;
  return events.slice(0, end);
}

/**
 * Why a fault that changes no outcome cannot be judged at this step: the step has no recorded
 * completion to repeat, or a later step's recorded outcome is not a completion (the continuation
 * answers every later activity with a completion, so the path would change for that reason alone).
 */
export function samePathNotApplicable(step: ActivityStep, history: LoadedHistory): string | undefined {
  if (step.closeEventType !== 'ActivityTaskCompleted')
    return `the recorded step did not complete (${step.closeEventType ?? 'still open'}): there is no outcome to repeat`;
  return recordedPathNotRepeatable(step, history);
}

/** Why the path after a fault that changes nothing would not be the recorded one: a later signal (first: a cancelled wait is its consequence), or a later step that did not complete. */
export function recordedPathNotRepeatable(step: ActivityStep, history: LoadedHistory): string | undefined {
  return laterSignal(step, history) ?? laterStepNotCompleted(step, history);
}

/** A later step whose recorded outcome the path after the fault would not reproduce (it answers every activity with a completion). */
export function laterStepNotCompleted(step: ActivityStep, history: LoadedHistory): string | undefined {
  const later = historySteps(history.events).find((other) => other.index > step.index && !stepCompleted(other));
  if (later) {
    return `a later step did not complete in the recorded history (step ${later.index} ${later.activityType}: ${later.closeEventType ?? 'still open'}), and the path after the fault answers every activity with a completion`;
  }
  return undefined;
}

/** A signal the recorded history received after the step: the path after the fault does not deliver it, so it would not be the recorded path. */
function laterSignal(step: ActivityStep, history: LoadedHistory): string | undefined {
  const signal = history.events
    .slice(step.scheduledEventId)
    .find((event) => event.workflowExecutionSignaledEventAttributes);
  if (!signal) return undefined;
  return `the recorded history received signal ${signal.workflowExecutionSignaledEventAttributes!.signalName} after the step (event ${idOf(signal.eventId)}), and the path after the fault does not deliver it`;
}

/** Steps (of the kinds a fault hits) scheduled by the same workflow task are one moment for a fault: the first of them stands for all. */
export function samePointAsEarlierStep(
  step: ActivityStep,
  history: LoadedHistory,
  kinds: readonly StepKind[],
): string | undefined {
  if (step.scheduledByTaskEventId === undefined) return undefined;
  const first = historySteps(history.events).find(
    (other) => kinds.includes(stepKind(other)) && other.scheduledByTaskEventId === step.scheduledByTaskEventId,
  );
  if (first && first.index < step.index)
    return `the same moment as step ${first.index} ${first.activityType} (scheduled by the same workflow task): judged there`;
  return undefined;
}
