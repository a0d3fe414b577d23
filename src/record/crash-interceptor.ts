/**
 * Bundled into the workflow code by `record --crash-worker-after X` (runs inside the workflow
 * sandbox): in the workflow task that handles activity X's completion, it calls a sink that the
 * recorder makes stall past the task's timeout, as a worker killed mid-task would. It issues no
 * command, so the history is the workflow's own. Import nothing but the workflow API.
 */
import {
  proxySinks,
  workflowInfo,
  type ActivateInput,
  type ActivityInput,
  type Next,
  type Sinks,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

export interface CrashSinks extends Sinks {
  faultReplayRecorder: {
    /** A live workflow task resolves these activities (by type). */
    taskResolves(activityTypes: string[]): void;
  };
}

const { faultReplayRecorder } = proxySinks<CrashSinks>();
const typesBySeq = new Map<number, string>();

class ScheduledTypes implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    typesBySeq.set(input.seq, input.activityType);
    return next(input);
  }
}

class ResolvedTypes implements WorkflowInternalsInterceptor {
  activate(input: ActivateInput, next: Next<WorkflowInternalsInterceptor, 'activate'>) {
    const resolved = (input.activation.jobs ?? []).flatMap((job) => {
      const seq = job.resolveActivity?.seq;
      const completed = job.resolveActivity?.result?.completed;
      return seq != null && completed ? [typesBySeq.get(seq) ?? ''] : [];
    });
    if (resolved.length && !workflowInfo().unsafe.isReplaying) faultReplayRecorder.taskResolves(resolved);
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ outbound: [new ScheduledTypes()], internals: [new ResolvedTypes()] });
