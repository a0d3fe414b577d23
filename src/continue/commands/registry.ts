import { cancelTimer } from './cancel-timer';
import type { CommandAnswer, CommandType } from './command-answer';
import { modifyWorkflowProperties } from './modify-workflow-properties';
import { recordMarker } from './record-marker';
import { requestCancelActivity } from './request-cancel-activity';
import { requestCancelExternalWorkflow } from './request-cancel-external-workflow';
import { scheduleActivity } from './schedule-activity';
import { signalExternalWorkflow } from './signal-external-workflow';
import { startChildWorkflow } from './start-child-workflow';
import { startTimer } from './start-timer';
import { upsertSearchAttributes } from './upsert-search-attributes';

/**
 * Every command the continuation answers (closing commands: ../close.ts). Any other command type
 * (Nexus operations, protocol messages of updates, ...) is one could-not-run line naming it.
 */
export const COMMAND_ANSWERS: ReadonlyMap<CommandType, CommandAnswer> = new Map(
  [
    scheduleActivity,
    startChildWorkflow,
    startTimer,
    cancelTimer,
    recordMarker,
    upsertSearchAttributes,
    requestCancelActivity,
    signalExternalWorkflow,
    requestCancelExternalWorkflow,
    modifyWorkflowProperties,
  ].map((answer) => [answer.type, answer]),
);
