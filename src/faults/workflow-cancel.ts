import { HistoryBuilder } from '../history/builder';
import type { HistoryEvent } from '../history/events';
import { workflowCancelRequested } from '../history/outside-events';
import type { LoadedHistory } from '../model/history';
import { historySteps, stepCompleted, stepKind, type ActivityStep, type StepKind } from '../steps/steps';
import { prefixWhileChildRuns } from './pending-child';
import { prefixThroughStep, samePointAsEarlierStep, type FaultKind } from './fault';

/**
 * Something reaches the workflow from outside while the step runs: the recorded events up to the
 * step's scheduling (the workflow task that scheduled it and its other commands; for a child
 * workflow, up to the task that saw it start, see ./pending-child.ts), then `write`'s events, then
 * the workflow task the server schedules and starts in answer.
 */
export function injectWhilePending(
  step: ActivityStep,
  history: LoadedHistory,
  write: (builder: HistoryBuilder) => void,
): HistoryEvent[] {
  const prefix =
    stepKind(step) === 'child-workflow'
      ? prefixWhileChildRuns(step, history.events)!
      : prefixThroughStep(step, history.events);
  const builder = new HistoryBuilder(prefix, history.events);
  write(builder);
  builder.startWorkflowTask();
  return builder.events;
}

/** The kinds of step a fault from outside the workflow hits: those it waits on while the server holds the work, and waits with nothing open (not a child workflow yet: see docs/faults.md). */
export const WAITING_STEP_KINDS: readonly StepKind[] = ['activity', 'timer', 'wait'];

/**
 * `workflow-cancel`: a client cancels the workflow while the step runs: WorkflowExecutionCancelRequested
 * right after the step's scheduling, then a workflow task. A correct saga cancels the pending step,
 * compensates in a non-cancellable scope, and closes canceled.
 */
export const workflowCancel: FaultKind = {
  name: 'workflow-cancel',
  code: 'CX',
  stepKinds: WAITING_STEP_KINDS,
  // Cancelled during a rollback already under way (an earlier step failed), the compensations run on
  // in their non-cancellable scope and the workflow closes with its own failure, as its spec says.
  closes: (step, events) =>
    historySteps(events).some((other) => other.index < step.index && !stepCompleted(other)) ? undefined : 'canceled',
  notApplicable: (step, history) => samePointAsEarlierStep(step, history, WAITING_STEP_KINDS),
  inject: (step, history) => injectWhilePending(step, history, workflowCancelRequested),
};
