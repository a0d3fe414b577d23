import type { coresdk } from '@temporalio/proto';
import { HistoryBuilder } from '../history/builder';
import { idOf, type LongLike, type Payload } from '../history/events';
import type { PayloadDecoder } from '../replay/decode';
import { failureChain } from '../replay/decode';
import type { WorkflowCommand } from '../replay/session';
import type { Close, ObservedCommand } from '../judge/observation';

type Command = coresdk.workflow_commands.IWorkflowCommand;

export interface Answer {
  observed: ObservedCommand[];
  close?: Close;
  /** A command the tool cannot answer yet: the path cannot be followed past it. */
  unsupported?: string;
}

export interface AnswerContext {
  builder: HistoryBuilder;
  decoder: PayloadDecoder;
  /** The workflow's task queue, for activities scheduled without one. */
  taskQueue: string;
  /** Results the recorded history holds, by activity type: the answer given to a new call of it. */
  recordedResults: Map<string, Payload[] | undefined>;
}

/**
 * Writes what a server would write in answer to one activation's commands: each activity is
 * scheduled, started and completed; each timer started and fired; then a new workflow task. A
 * closing command ends the path.
 */
export function answerCommands(commands: WorkflowCommand[], context: AnswerContext): Answer {
  const observed: ObservedCommand[] = [];
  const completions: Array<() => void> = [];
  for (const command of commands) {
    const close = closeOf(command, context.decoder);
    if (close) return { observed, close };
    if (command.scheduleActivity) {
      observed.push(scheduleActivity(command.scheduleActivity, context, completions));
    } else if (command.startTimer) {
      observed.push(startTimer(command.startTimer, context, completions));
    } else {
      return { observed, unsupported: commandKind(command) };
    }
  }
  for (const complete of completions) complete();
  if (observed.length > 0) context.builder.workflowTask();
  return { observed };
}

function scheduleActivity(
  command: coresdk.workflow_commands.IScheduleActivity,
  { builder, decoder, taskQueue, recordedResults }: AnswerContext,
  completions: Array<() => void>,
): ObservedCommand {
  const activityType = command.activityType ?? '';
  const scheduledEventId = builder.activityScheduled({
    activityId: command.activityId,
    activityType: { name: activityType },
    taskQueue: { name: command.taskQueue || taskQueue },
    header: { fields: command.headers ?? {} },
    input: { payloads: command.arguments ?? [] },
    scheduleToCloseTimeout: command.scheduleToCloseTimeout,
    scheduleToStartTimeout: command.scheduleToStartTimeout,
    startToCloseTimeout: command.startToCloseTimeout,
    heartbeatTimeout: command.heartbeatTimeout,
    retryPolicy: command.retryPolicy,
  });
  completions.push(() => {
    const startedEventId = builder.activityStarted(scheduledEventId);
    builder.activityCompleted(scheduledEventId, startedEventId, recordedResults.get(activityType));
  });
  return { activity: activityType, args: decoder.values(command.arguments) };
}

function startTimer(
  command: coresdk.workflow_commands.IStartTimer,
  { builder }: AnswerContext,
  completions: Array<() => void>,
): ObservedCommand {
  const timerId = String(command.seq ?? 0);
  const startedEventId = builder.timerStarted(timerId, command.startToFireTimeout);
  completions.push(() => builder.timerFired(timerId, startedEventId));
  return { timer: durationText(command.startToFireTimeout) };
}

function closeOf(command: Command, decoder: PayloadDecoder): Close | undefined {
  if (command.completeWorkflowExecution) {
    const result = command.completeWorkflowExecution.result;
    return { status: 'completed', result: result ? decoder.value(result) : null };
  }
  if (command.failWorkflowExecution) return { status: 'failed', failure: failureChain(command.failWorkflowExecution.failure) };
  if (command.cancelWorkflowExecution) return { status: 'canceled' };
  if (command.continueAsNewWorkflowExecution) {
    return { status: 'continued-as-new', workflowType: command.continueAsNewWorkflowExecution.workflowType ?? '' };
  }
  return undefined;
}

function commandKind(command: Command): string {
  return Object.keys(command).find((key) => key !== 'userMetadata' && key !== 'eventGroupMarkers') ?? 'empty command';
}

function durationText(duration: { seconds?: LongLike; nanos?: number | null } | null | undefined): string {
  const seconds = idOf(duration?.seconds) + (duration?.nanos ?? 0) / 1e9;
  return `${seconds}s`;
}
