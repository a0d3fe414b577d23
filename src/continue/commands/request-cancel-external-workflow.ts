import { temporal } from '@temporalio/proto';
import { requestCancelExternalInitiated } from '../../history/external-events';
import type { CommandAnswer } from './command-answer';

/**
 * RequestCancelExternalWorkflowExecutionInitiated in the task that sent it (a child cancelled with
 * TRY_CANCEL, WAIT_CANCELLATION_REQUESTED or WAIT_CANCELLATION_COMPLETED; ABANDON sends no command;
 * or `getExternalWorkflowHandle(id).cancel()`); the server's outcome follows as open work
 * (../open-work.ts), and a cancelled child then closes as the recorded history shows a child of its
 * type closing once cancelled. Goldens show it: cancelling a child is part of a rollback.
 */
export const requestCancelExternalWorkflow: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
  unsupported(command, { builder, targets }) {
    const workflowId = command.requestCancelExternalWorkflowExecutionCommandAttributes?.workflowId ?? '';
    const outcome = targets.outcome('cancel', workflowId, builder.events);
    return 'unknown' in outcome
      ? `requestCancelExternalWorkflowExecution command to workflow ${workflowId} (${outcome.unknown})`
      : undefined;
  },
  record(command, { builder, namespaceId, runIds }) {
    const attributes = command.requestCancelExternalWorkflowExecutionCommandAttributes!;
    // Core writes its own run id into the reason; a server running the recorded workflow would hold that run's.
    const reason =
      runIds && attributes.reason
        ? attributes.reason.split(runIds.live).join(runIds.recorded)
        : (attributes.reason ?? '');
    requestCancelExternalInitiated(builder, attributes, namespaceId, reason);
    const child = attributes.childWorkflowOnly ? childType(builder.events, attributes.workflowId ?? '') : undefined;
    return child
      ? { cancelWorkflow: attributes.workflowId ?? '', childType: child }
      : { cancelWorkflow: attributes.workflowId ?? '' };
  },
};

function childType(
  events: Parameters<CommandAnswer['record']>[1]['builder']['events'],
  workflowId: string,
): string | undefined {
  const initiated = [...events]
    .reverse()
    .find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId === workflowId);
  return initiated?.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ?? undefined;
}
