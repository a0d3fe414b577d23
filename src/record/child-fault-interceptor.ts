/**
 * Bundled into the workflow code by `record --fail-child / --hang-child / --terminate-child /
 * --cancel-child / --slow-child` (runs inside the workflow sandbox): a child workflow of a named type throws the
 * tool's injected failure, never ends (so that its timeout fires, or the recorder terminates or
 * cancels it), or runs only after a few seconds (so that the recorder signals its parent meanwhile). Which types: the JSON the recorder aliases as `fault-replay-child-faults`.
 * It issues no command of its own. Import nothing but the workflow API.
 */
import {
  ApplicationFailure,
  condition,
  sleep,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
} from '@temporalio/workflow';

export interface ChildFaultConfig {
  fail: string[];
  hang: string[];
  /** Children of these types wait this long (a timer in their own history) before they run. */
  slow?: string[];
}

/** How long a slow child waits before it runs: the recorder acts on its parent meanwhile. */
export const SLOW_CHILD_MS = 3_000;

const config = require('fault-replay-child-faults') as ChildFaultConfig;

class ChildFaults implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { workflowType, parent } = workflowInfo();
    if (parent && config.fail.includes(workflowType))
      throw ApplicationFailure.nonRetryable(`injected failure in ${workflowType}`, 'InjectedFailure');
    if (parent && config.hang.includes(workflowType)) await condition(() => false);
    if (parent && config.slow?.includes(workflowType)) await sleep(SLOW_CHILD_MS);
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new ChildFaults()] });
