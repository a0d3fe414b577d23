import { idOf, type HistoryEvent } from '../history/events';
import type { Observation, ObservedCommand } from '../model/observation';
import { historySteps, isWorkStep, stepKind, type ActivityStep } from '../steps/steps';
import type { SagaSpec, WorkKind } from './spec';
import { roleOf, type Role } from './spec-roles';

/** One unit of work on the followed path (an activity, a local activity, a child workflow), as the laws see it. */
export interface PathStep {
  kind: WorkKind;
  name: string;
  role: Role;
  /** Where it was scheduled (its event id on the path): the path's order. */
  at: number;
  /** The workflow task that scheduled it (its WorkflowTaskCompleted; for a local activity, the task that recorded its marker). */
  task: number;
  /** That task's WorkflowTaskStarted: what the workflow had seen when it scheduled the step. */
  taskStarted: number;
  outcome: 'completed' | 'failed' | 'canceled' | 'open';
  closedAt?: number;
  /** The workflow asked for its cancellation (RequestCancelActivityTask, or a cancel of the child). */
  cancelRequested: boolean;
  /** It sets a heartbeat timeout: a cancellation reaches it. */
  heartbeats: boolean;
  /** Issued after the fault (not part of the recorded history). */
  injected: boolean;
}

/** The followed path as the laws read it. */
export interface PathView {
  steps: PathStep[];
  cancelRequestedAt?: number;
  signals: Array<{ name: string; at: number }>;
  closeAt?: number;
  /** The first event the fault (or the continuation) wrote: before it, the path is the recorded history. */
  injectedFrom: number;
  /** False: built from the recorded steps and the observed commands (no path kept); event ids are then only an order. */
  exact: boolean;
}

const CLOSES = [
  'workflowExecutionCompletedEventAttributes',
  'workflowExecutionFailedEventAttributes',
  'workflowExecutionCanceledEventAttributes',
  'workflowExecutionContinuedAsNewEventAttributes',
] as const;

/** The path view of one scenario: from the followed path when the observation has it, else from the recorded steps and the commands. */
export function pathView(
  spec: SagaSpec,
  recordedSteps: ActivityStep[],
  faulted: ActivityStep,
  observation: Observation,
  recorded?: HistoryEvent[],
): PathView {
  return observation.path
    ? viewOfPath(spec, observation.path, recorded, faulted)
    : viewOfCommands(spec, recordedSteps, faulted, observation);
}

function viewOfPath(
  spec: SagaSpec,
  path: HistoryEvent[],
  recorded: HistoryEvent[] | undefined,
  faulted: ActivityStep,
): PathView {
  const injectedFrom = recorded?.length ? divergence(path, recorded) : faulted.scheduledEventId + 1;
  const taskStarted = new Map<number, number>();
  const cancelled = new Set<number>();
  const cancelledChildren = new Set<string>();
  const view: PathView = { steps: [], signals: [], injectedFrom, exact: true };
  for (const event of path) {
    const id = idOf(event.eventId);
    const completed = event.workflowTaskCompletedEventAttributes;
    if (completed) taskStarted.set(id, idOf(completed.startedEventId));
    const cancel = event.activityTaskCancelRequestedEventAttributes;
    if (cancel) cancelled.add(idOf(cancel.scheduledEventId));
    const childCancel = event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
    if (childCancel?.workflowExecution?.workflowId) cancelledChildren.add(childCancel.workflowExecution.workflowId);
    if (event.workflowExecutionCancelRequestedEventAttributes && view.cancelRequestedAt === undefined)
      view.cancelRequestedAt = id;
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (signal) view.signals.push({ name: signal.signalName ?? '', at: id });
    if (CLOSES.some((key) => event[key])) view.closeAt = id;
  }
  view.steps = historySteps(path)
    .filter(isWorkStep)
    .map((step) =>
      stepOf(spec, step, {
        taskStarted: (task) => taskStarted.get(task) ?? task - 1,
        outcome: outcomeOf(step.closeEventType),
        closedAt: step.closeEventId,
        cancelRequested:
          stepKind(step) === 'child-workflow'
            ? cancelledChildren.has(step.activityId)
            : cancelled.has(step.scheduledEventId),
        injected: step.scheduledEventId >= injectedFrom,
      }),
    );
  return view;
}

/** A recorded step as the laws read it; how it ended, and when its workflow task started, come from the view. */
function stepOf(
  spec: SagaSpec,
  step: ActivityStep,
  view: Pick<PathStep, 'outcome' | 'cancelRequested' | 'injected'> & {
    taskStarted: (task: number) => number;
    closedAt: number | undefined;
  },
): PathStep {
  const kind = stepKind(step) as WorkKind;
  const task = step.scheduledByTaskEventId ?? step.scheduledEventId;
  return {
    kind,
    name: step.activityType,
    role: roleOf(spec, { name: step.activityType, kind }),
    at: step.scheduledEventId,
    task,
    taskStarted: view.taskStarted(task),
    outcome: view.outcome,
    ...(view.closedAt !== undefined ? { closedAt: view.closedAt } : {}),
    cancelRequested: view.cancelRequested,
    heartbeats: step.timeouts.heartbeat > 0,
    injected: view.injected,
  };
}

/**
 * The first event id where the path is no longer the recorded history (one past the end when it
 * never differs). The rewrite keeps the recorded events themselves; a fault may write an event of
 * the recorded type (a failure where one was recorded), so events are compared whole.
 */
function divergence(path: HistoryEvent[], recorded: HistoryEvent[]): number {
  const same = (a: HistoryEvent, b: HistoryEvent | undefined) =>
    a === b || (b !== undefined && JSON.stringify(a) === JSON.stringify(b));
  const at = path.findIndex((event, i) => !same(event, recorded[i]));
  return at < 0 ? path.length + 1 : at + 1;
}

function outcomeOf(closeEventType: string | undefined): PathStep['outcome'] {
  if (!closeEventType) return 'open';
  if (/Completed$/.test(closeEventType)) return 'completed';
  if (/Canceled$/.test(closeEventType)) return 'canceled';
  return 'failed';
}

/** The work one observed command starts, if it starts any: the one place the laws read a command's shape. */
export function workOf(command: ObservedCommand): { kind: WorkKind; name: string } | undefined {
  if ('activity' in command) return { kind: 'activity', name: command.activity };
  if ('localActivity' in command) return { kind: 'local-activity', name: command.localActivity };
  if ('child' in command) return { kind: 'child-workflow', name: command.child };
  return undefined;
}

/** Far after any recorded event: the order of the commands issued after the fault, when no path was kept. */
const AFTER = 1_000_000;

/**
 * Without a path (an observation made by hand, or one whose path was dropped): the recorded steps up
 * to the faulted one and those its workflow task scheduled with it, as recorded, the faulted one
 * failed; then each observed command, answered (completed) before the next workflow task.
 */
function viewOfCommands(
  spec: SagaSpec,
  recordedSteps: ActivityStep[],
  faulted: ActivityStep,
  observation: Observation,
): PathView {
  const sameTask = (step: ActivityStep) =>
    step.scheduledByTaskEventId !== undefined && step.scheduledByTaskEventId === faulted.scheduledByTaskEventId;
  const kept = recordedSteps.filter((step) => isWorkStep(step) && (step.index <= faulted.index || sameTask(step)));
  const failedAt = Math.max(faulted.scheduledEventId, ...kept.map((step) => step.scheduledEventId)) + 1;
  const steps: PathStep[] = kept.map((step) => {
    const outcome = step === faulted ? 'failed' : outcomeOf(step.closeEventType);
    const closedAt =
      step === faulted ? failedAt : (step.closeEventId ?? (outcome === 'open' ? undefined : step.scheduledEventId + 1));
    return stepOf(spec, step, {
      taskStarted: (task) => task - 1,
      outcome,
      closedAt,
      cancelRequested: false,
      injected: false,
    });
  });
  observation.tasks.forEach((task, t) => {
    const taskAt = AFTER + t * 1000;
    task.forEach((command, c) => {
      const work = workOf(command);
      if (!work) return;
      steps.push({
        ...work,
        role: roleOf(spec, work),
        at: taskAt + c + 1,
        task: taskAt,
        taskStarted: taskAt - 1,
        outcome: 'completed',
        closedAt: taskAt + 999,
        cancelRequested: false,
        heartbeats: false,
        injected: true,
      });
    });
  });
  return {
    steps,
    signals: [],
    injectedFrom: failedAt,
    ...(observation.close ? { closeAt: AFTER + observation.tasks.length * 1000 } : {}),
    exact: false,
  };
}
