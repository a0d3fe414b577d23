import { cancelTimer } from './cancel-timer';
import type { CommandAnswer, CommandKind } from './command-answer';
import { scheduleActivity } from './schedule-activity';
import { setPatchMarker } from './set-patch-marker';
import { startTimer } from './start-timer';

/** Every workflow command the continuation answers (closing commands: ../close.ts). */
export const COMMAND_ANSWERS: ReadonlyMap<CommandKind, CommandAnswer> = new Map(
  ([scheduleActivity, startTimer, cancelTimer, setPatchMarker] as CommandAnswer[]).map((answer) => [answer.kind, answer]),
);
