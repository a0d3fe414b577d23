import { temporal } from '@temporalio/proto';
import { workflowPropertiesModified } from '../../history/external-events';
import type { CommandAnswer } from './command-answer';

/**
 * WorkflowPropertiesModified (`upsertMemo`), in the task that sent it. Not shown in goldens: a memo
 * is what the workflow says about itself for people listing workflows, no step of a rollback.
 */
export const modifyWorkflowProperties: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
  record(command, { builder }) {
    workflowPropertiesModified(builder, command.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo);
    return undefined;
  },
};
