/**
 * Bundled into the workflow code by `record --crash-worker-after X` (runs inside the workflow
 * sandbox): in the workflow task that handles X's completion, it calls a sink that the
 * recorder makes stall past the task's timeout, as a worker killed mid-task would. X is an activity
 * type, a local activity's (the task that ran it), a child workflow's type (its completion), or a timer as the tool names it (`timer(2s)`, fired). It issues no
 * command, so the history is the workflow's own. Import nothing but the workflow API.
 */
import {
  proxySinks,
  workflowInfo,
  type ActivateInput,
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type Sinks,
  type StartChildWorkflowExecutionInput,
  type TimerInput,
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

const childTypesBySeq = new Map<number, string>();
const timersBySeq = new Map<number, string>();

class ScheduledTypes implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    typesBySeq.set(input.seq, input.activityType);
    return next(input);
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    typesBySeq.set(input.seq, input.activityType);
    return next(input);
  }

  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) {
    childTypesBySeq.set(input.seq, input.workflowType);
    return next(input);
  }

  startTimer(input: TimerInput, next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>) {
    // Named as the tool names a timer step: timer(<seconds>s).
    timersBySeq.set(input.seq, `timer(${input.durationMs / 1000}s)`);
    return next(input);
  }
}

class ResolvedTypes implements WorkflowInternalsInterceptor {
  activate(input: ActivateInput, next: Next<WorkflowInternalsInterceptor, 'activate'>) {
    const resolved = (input.activation.jobs ?? []).flatMap((job) => {
      const seq = job.resolveActivity?.seq;
      const completed = job.resolveActivity?.result?.completed;
      if (seq != null && completed) return [typesBySeq.get(seq) ?? ''];
      const child = job.resolveChildWorkflowExecution;
      if (child?.seq != null && child.result?.completed) return [childTypesBySeq.get(child.seq) ?? ''];
      const timer = job.fireTimer?.seq;
      return timer != null ? [timersBySeq.get(timer) ?? ''] : [];
    });
    if (resolved.length && !workflowInfo().unsafe.isReplaying) faultReplayRecorder.taskResolves(resolved);
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  outbound: [new ScheduledTypes()],
  internals: [new ResolvedTypes()],
});
