import { temporal } from '@temporalio/proto';
import { signalExternalInitiated } from '../../history/external-events';
import type { CommandAnswer } from './command-answer';

/**
 * SignalExternalWorkflowExecutionInitiated in the task that sent it; the server's outcome
 * (ExternalWorkflowExecutionSignaled, or ...Failed with its cause) follows as open work
 * (../open-work.ts). Delivered to a child running on the path; to any other workflow, answered
 * only as the recorded history shows a signal to the same workflow id answered.
 * Goldens show it: a signal to another workflow may be an undo (tell the ledger to reverse).
 */
export const signalExternalWorkflow: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
  unsupported(command, { builder, targets }) {
    const workflowId = command.signalExternalWorkflowExecutionCommandAttributes?.execution?.workflowId ?? '';
    const outcome = targets.outcome('signal', workflowId, builder.events);
    return 'unknown' in outcome
      ? `signalExternalWorkflowExecution command to workflow ${workflowId} (${outcome.unknown})`
      : undefined;
  },
  record(command, { builder, decoder, namespaceId }) {
    const attributes = command.signalExternalWorkflowExecutionCommandAttributes!;
    signalExternalInitiated(builder, attributes, namespaceId);
    return {
      signal: attributes.signalName ?? '',
      args: decoder.values(attributes.input?.payloads),
      workflowId: attributes.execution?.workflowId ?? '',
    };
  },
};
