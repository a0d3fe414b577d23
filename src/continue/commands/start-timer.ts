import { durationText } from '../../history/durations';
import type { CommandAnswer } from './command-answer';

/** TimerStarted; the timer fires later, when its duration has passed (see ../open-work.ts). */
export const startTimer: CommandAnswer<'startTimer'> = {
  kind: 'startTimer',
  record(command, { builder }) {
    builder.timerStarted(String(command.seq ?? 0), command.startToFireTimeout);
    return { timer: durationText(command.startToFireTimeout) || '0s' };
  },
};
