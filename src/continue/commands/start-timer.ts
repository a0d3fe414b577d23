import { temporal } from '@temporalio/proto';
import { durationText } from '../../history/durations';
import type { CommandAnswer } from './command-answer';

/** TimerStarted; the timer fires later, when its duration has passed (see ../open-work.ts). */
export const startTimer: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_START_TIMER,
  record(command, { builder }) {
    const { timerId, startToFireTimeout } = command.startTimerCommandAttributes!;
    builder.timerStarted(timerId ?? '', startToFireTimeout);
    return { timer: durationText(startToFireTimeout) || '0s' };
  },
};
