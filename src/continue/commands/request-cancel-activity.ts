import { temporal } from '@temporalio/proto';
import { idOf } from '../../history/events';
import { activityCancelRequested } from '../../history/outside-events';
import type { CommandAnswer } from './command-answer';

/**
 * ActivityTaskCancelRequested, the command's own event. The SDK sends the command for the
 * TRY_CANCEL and WAIT_CANCELLATION_COMPLETED cancellation types (ABANDON sends none: the activity
 * runs on and completes); the open work then ends the attempt as canceled (../open-work.ts).
 */
export const requestCancelActivity: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
  record(command, { builder }) {
    const scheduledEventId = idOf(command.requestCancelActivityTaskCommandAttributes?.scheduledEventId);
    const scheduled = builder.events[scheduledEventId - 1]?.activityTaskScheduledEventAttributes;
    if (!scheduled)
      throw new Error(
        `the workflow cancelled the activity of event ${scheduledEventId}, which is not an ActivityTaskScheduled`,
      );
    activityCancelRequested(builder, scheduledEventId);
    return { cancelActivity: scheduled.activityType?.name ?? '' };
  },
};
