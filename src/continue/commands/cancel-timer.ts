import { temporal } from '@temporalio/proto';
import { durationText } from '../../history/durations';
import { idOf } from '../../history/events';
import type { CommandAnswer } from './command-answer';

/** TimerCanceled, written by the server as the command's own event. */
export const cancelTimer: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_CANCEL_TIMER,
  record(command, { builder }) {
    const timerId = command.cancelTimerCommandAttributes?.timerId ?? '';
    const started = builder.events.find((event) => event.timerStartedEventAttributes?.timerId === timerId);
    if (!started) throw new Error(`the workflow cancelled timer ${timerId}, which was never started`);
    builder.timerCanceled(timerId, idOf(started.eventId));
    return { cancelTimer: durationText(started.timerStartedEventAttributes?.startToFireTimeout) || '0s' };
  },
};
