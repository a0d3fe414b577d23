import { temporal } from '@temporalio/proto';
import { durationMillis, durationText } from '../../history/durations';
import { EventType, long, type Payload } from '../../history/events';
import type { ChildOptions } from '../../model/observation';
import type { PayloadDecoder } from '../../replay/decode';
import { retryText } from './schedule-activity';
import { liveTaskQueue } from '../context';
import type { CommandAnswer } from './command-answer';

type Start = temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes;
type Duration = Start['workflowRunTimeout'];

/** The workflow task timeout a server gives a child whose command sets none (the namespace default). */
const DEFAULT_TASK_TIMEOUT_S = 10;

/**
 * StartChildWorkflowExecutionInitiated, as the server writes it: every option of the command, the
 * run timeout bounded by the execution timeout (zero: none), the default workflow task timeout,
 * parent close policy (terminate) and id reuse policy (allow duplicate), no empty memo.
 * The child then starts and closes as ../open-work.ts answers it (recorded result, spec, --results).
 */
export const startChildWorkflow: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
  record(command, { builder, decoder, workflowTaskQueue, namespaceId }) {
    const a = command.startChildWorkflowExecutionCommandAttributes!;
    const taskQueue = liveTaskQueue(a.taskQueue?.name, workflowTaskQueue);
    const execution = durationMillis(a.workflowExecutionTimeout);
    const run = durationMillis(a.workflowRunTimeout);
    const runTimeout =
      execution && (!run || run > execution) ? a.workflowExecutionTimeout : run ? a.workflowRunTimeout : seconds(0);
    const taskTimeout = durationMillis(a.workflowTaskTimeout) ? a.workflowTaskTimeout : seconds(DEFAULT_TASK_TIMEOUT_S);
    builder.append(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, {
      startChildWorkflowExecutionInitiatedEventAttributes: {
        namespace: a.namespace || 'default',
        ...(namespaceId ? { namespaceId } : {}),
        workflowId: a.workflowId,
        workflowType: a.workflowType,
        taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        input: a.input,
        ...(execution ? { workflowExecutionTimeout: a.workflowExecutionTimeout } : {}),
        workflowRunTimeout: runTimeout,
        workflowTaskTimeout: taskTimeout,
        parentClosePolicy: a.parentClosePolicy || temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE,
        control: a.control,
        workflowTaskCompletedEventId: long(builder.lastWorkflowTaskCompletedId),
        workflowIdReusePolicy:
          a.workflowIdReusePolicy ||
          temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
        retryPolicy: a.retryPolicy,
        cronSchedule: a.cronSchedule,
        header: a.header ?? {},
        ...(Object.keys(a.memo?.fields ?? {}).length ? { memo: a.memo } : {}),
        ...(Object.keys(a.searchAttributes?.indexedFields ?? {}).length
          ? { searchAttributes: a.searchAttributes }
          : {}),
        inheritBuildId: a.inheritBuildId,
        priority: a.priority,
      },
    });
    return {
      child: a.workflowType?.name ?? '',
      args: decoder.values(a.input?.payloads),
      workflowId: a.workflowId ?? '',
      options: childOptions(a, taskQueue === workflowTaskQueue, decoder),
    };
  },
};

const { ParentClosePolicy, WorkflowIdReusePolicy } = temporal.api.enums.v1;

/** What decides where the child runs and what its parent's close does to it: the policies as the server applies them, the rest as the command sets it. */
function childOptions(a: Start, onParentQueue: boolean, decoder: PayloadDecoder): ChildOptions {
  const options: ChildOptions = {
    taskQueue: onParentQueue ? "(workflow's)" : (a.taskQueue?.name ?? ''),
    parentClosePolicy: enumName(
      ParentClosePolicy,
      a.parentClosePolicy || ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE,
      'PARENT_CLOSE_POLICY_',
    ),
    workflowIdReusePolicy: enumName(
      WorkflowIdReusePolicy,
      a.workflowIdReusePolicy || WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
      'WORKFLOW_ID_REUSE_POLICY_',
    ),
  };
  const timeouts = {
    executionTimeout: a.workflowExecutionTimeout,
    runTimeout: a.workflowRunTimeout,
    taskTimeout: a.workflowTaskTimeout,
  };
  for (const [name, value] of Object.entries(timeouts)) {
    const text = durationText(value);
    if (text) options[name as keyof typeof timeouts] = text;
  }
  const retry = retryText(a.retryPolicy);
  if (retry) options.retry = retry;
  if (a.cronSchedule) options.cronSchedule = a.cronSchedule;
  const memo = decodedFields(a.memo?.fields, decoder);
  if (memo) options.memo = memo;
  const searchAttributes = decodedFields(a.searchAttributes?.indexedFields, decoder);
  if (searchAttributes) options.searchAttributes = searchAttributes;
  return options;
}

function enumName(values: Record<number, string>, value: number, prefix: string): string {
  return (values[value] ?? String(value)).replace(prefix, '');
}

function decodedFields(
  fields: Record<string, Payload> | null | undefined,
  decoder: PayloadDecoder,
): Record<string, unknown> | undefined {
  const keys = Object.keys(fields ?? {}).sort();
  return keys.length ? Object.fromEntries(keys.map((key) => [key, decoder.value(fields![key])])) : undefined;
}

function seconds(value: number): NonNullable<Duration> {
  return { seconds: long(value), nanos: 0 };
}
