/** How `record` waits on the workflow it started: for its close, a failed task, or a bound. */
import type { WorkflowHandle } from '@temporalio/client';

/**
 * Waits until the workflow closes; returns why it is still open otherwise. A failed workflow task
 * (unknown workflow type, code that throws or never yields) would otherwise be retried until the
 * timeout, so it ends the wait at once with its message.
 */
export async function waitForClose(
  handle: WorkflowHandle,
  timeoutMs: number,
  injectedTaskFailures: number,
): Promise<{ why: string; error: string } | undefined> {
  const deadline = Date.now() + timeoutMs;
  const id = handle.workflowId;
  for (;;) {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') return undefined;
    const taskFailure = await workflowTaskFailure(handle, injectedTaskFailures);
    if (taskFailure)
      return { why: 'a workflow task failed', error: `workflow ${id}: workflow task failed: ${taskFailure}` };
    if (Date.now() > deadline)
      return { why: 'timed out', error: `workflow ${id} did not close within ${timeoutMs} ms` };
    await delay(100);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Waits for `promise` at most `ms`, leaving no timer behind to hold a caller's process open. */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((done) => (timer = setTimeout(done, ms)))]);
  clearTimeout(timer);
}

/** Leaves nothing running on the server (it may be a persistent one) when the recording gives up. */
export async function terminate(handle: WorkflowHandle, why: string): Promise<void> {
  await handle.terminate(`fault-replay record: ${why}`).catch(() => undefined);
}

/** The message of a failed workflow task, past the `injected` ones the recorder caused (a retried task that fails again is not written again: its attempt tells). */
async function workflowTaskFailure(handle: WorkflowHandle, injected: number): Promise<string | undefined> {
  const events = (await handle.fetchHistory()).events ?? [];
  const failed = events.filter((e) => e.workflowTaskFailedEventAttributes)[injected];
  if (failed) return failed.workflowTaskFailedEventAttributes?.failure?.message ?? 'no message';
  const retriedAgain = events.find((e) => (e.workflowTaskScheduledEventAttributes?.attempt ?? 1) > injected + 1);
  return retriedAgain
    ? `the workflow task was retried ${retriedAgain.workflowTaskScheduledEventAttributes!.attempt! - 1} times`
    : undefined;
}
