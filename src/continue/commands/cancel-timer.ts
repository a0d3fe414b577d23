import { durationText } from '../../history/durations';
import { idOf } from '../../history/events';
import type { CommandAnswer } from './command-answer';

/** TimerCanceled, written by the server as the command's own event. */
export const cancelTimer: CommandAnswer<'cancelTimer'> = {
  kind: 'cancelTimer',
  record(command, { builder }) {
    const timerId = String(command.seq ?? 0);
    const started = builder.events.find((event) => event.timerStartedEventAttributes?.timerId === timerId);
    if (!started) throw new Error(`the workflow cancelled timer ${timerId}, which was never started`);
    builder.timerCanceled(timerId, idOf(started.eventId));
    return { cancelTimer: durationText(started.timerStartedEventAttributes?.startToFireTimeout) || '0s' };
  },
};
