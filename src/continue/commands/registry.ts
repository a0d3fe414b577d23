import { cancelTimer } from './cancel-timer';
import type { CommandAnswer, CommandType } from './command-answer';
import { recordMarker } from './record-marker';
import { requestCancelActivity } from './request-cancel-activity';
import { scheduleActivity } from './schedule-activity';
import { startChildWorkflow } from './start-child-workflow';
import { startTimer } from './start-timer';
import { upsertSearchAttributes } from './upsert-search-attributes';

/** Every command the continuation answers (closing commands: ../close.ts). */
export const COMMAND_ANSWERS: ReadonlyMap<CommandType, CommandAnswer> = new Map(
  [scheduleActivity, startChildWorkflow, startTimer, cancelTimer, recordMarker, upsertSearchAttributes, requestCancelActivity].map((answer) => [answer.type, answer]),
);
