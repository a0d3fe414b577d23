import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Activities } from './activity-faults';

/** Something sent to the workflow from outside while a given activity runs (its first attempt). */
export interface WorkflowEvents {
  /** The recorder requests cancellation of the workflow while this activity runs. */
  cancelWorkflowDuring?: string;
  /** The recorder sends this signal while the activity runs. */
  signalDuring?: { activityType: string; signalName: string; args: unknown[] };
}

/**
 * The activities with the requested outside events wired in: when the activity's first attempt
 * starts, the client cancels or signals its workflow (and waits for the server to accept it),
 * then the activity runs as it would. The activity must heartbeat for a cancellation to reach it.
 */
export function withWorkflowEvents(activities: Activities, events: WorkflowEvents, client: Client): Activities {
  const wrapped = { ...activities };
  const hook = (flag: string, type: string, send: (workflowId: string, runId: string) => Promise<unknown>) => {
    const real = wrapped[type];
    if (!real) throw new Error(`${flag} ${type}: the activities module has no such activity`);
    let sent = false;
    wrapped[type] = async (...args: unknown[]) => {
      if (!sent) {
        sent = true;
        const execution = Context.current().info.workflowExecution;
        if (!execution) throw new Error(`${flag} ${type}: the activity runs outside a workflow`);
        await send(execution.workflowId, execution.runId);
      }
      return real(...args);
    };
  };
  if (events.cancelWorkflowDuring) {
    hook('--cancel-workflow-during', events.cancelWorkflowDuring, (id, run) =>
      client.workflow.getHandle(id, run).cancel(),
    );
  }
  const signal = events.signalDuring;
  if (signal) {
    hook('--signal-during', signal.activityType, (id, run) =>
      client.workflow.getHandle(id, run).signal(signal.signalName, ...signal.args),
    );
  }
  return wrapped;
}

/** `charge=abort` → the activity and the signal's name. */
export function parseSignalDuring(text: string): { activityType: string; signalName: string } {
  const match = /^([^=]+)=(.+)$/.exec(text);
  if (!match) throw new Error(`--signal-during ${text}: expected ACTIVITY=SIGNAL, e.g. charge=abort`);
  return { activityType: match[1], signalName: match[2] };
}
