import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { HistoryEvent } from '../history/events';
import { historySteps } from '../steps/steps';
import { endOfTaskCommands, nothingPending } from '../steps/wait-steps';
import type { ChildFaultConfig } from './child-fault-interceptor';

/** What the recorder does to child workflows, and sends the workflow from outside, so that a fault happens for real on the server. */
export interface ChildFaults {
  /** Child workflows of these types throw a non-retryable `InjectedFailure` at once. */
  failChildren?: string[];
  /** Child workflows of these types never end (their execution or run timeout fires). */
  hangChildren?: string[];
  /** Child workflows of these types never end, and the recorder terminates each once it has started. */
  terminateChildren?: string[];
  /** Child workflows of these types never end, and the recorder requests each one's cancellation once it has started. */
  cancelChildren?: string[];
  /** Child workflows of these types run only after a few seconds (they stay open while the recorder signals their parent). */
  slowChildren?: string[];
  /**
   * Signals sent to the workflow, each once the history holds an event of the given type (at once
   * without one; `Waiting`: see below), and with `idle` once the workflow's last task and its
   * commands are written too (it waits: e.g. on a child it has seen start).
   */
  signals?: Array<{ name: string; args: unknown[]; afterEventType?: string; idle?: boolean }>;
  /**
   * The workflow's cancellation is requested once the history holds an event of this type (e.g.
   * `TimerStarted`: while the workflow waits), or with `Waiting` once the workflow waits with nothing
   * open (its last task completed, no activity, child or timer open: a `condition()` without a timeout).
   */
  cancelAfterEventType?: string;
}

const CHILD_FAULT_INTERCEPTOR = require.resolve('./child-fault-interceptor');

/** The interceptor and its settings to bundle, or nothing when no child fault is asked for. */
export function childFaultBundle(
  faults: ChildFaults,
): { interceptorModules: string[]; aliases: Record<string, string> } | undefined {
  const hang = [...(faults.hangChildren ?? []), ...(faults.terminateChildren ?? []), ...(faults.cancelChildren ?? [])];
  const config: ChildFaultConfig = { fail: faults.failChildren ?? [], hang, slow: faults.slowChildren ?? [] };
  if (config.fail.length === 0 && hang.length === 0 && config.slow!.length === 0) return undefined;
  const file = join(mkdtempSync(join(tmpdir(), 'fault-replay-child-faults-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return { interceptorModules: [CHILD_FAULT_INTERCEPTOR], aliases: { 'fault-replay-child-faults': file } };
}

const EventType = temporal.api.enums.v1.EventType;

/**
 * Watches the recorded workflow's history until `done` and acts as an operator would: terminates
 * or cancels the named children once started, and sends each signal once its event is there.
 */
export async function actOnChildren(
  client: Client,
  handle: WorkflowHandle,
  faults: ChildFaults,
  done: AbortSignal,
): Promise<void> {
  const acted = new Set<string>();
  const pending: Array<{ afterEventType?: string; idle?: boolean; send: () => Promise<unknown> }> = (
    faults.signals ?? []
  ).map((signal) => ({
    afterEventType: signal.afterEventType,
    idle: signal.idle,
    send: () => handle.signal(signal.name, ...signal.args),
  }));
  if (faults.cancelAfterEventType)
    pending.push({ afterEventType: faults.cancelAfterEventType, send: () => handle.cancel() });
  const watching = (faults.terminateChildren?.length ?? 0) + (faults.cancelChildren?.length ?? 0) + pending.length > 0;
  while (watching && !done.aborted) {
    const events = (await handle.fetchHistory().catch(() => undefined))?.events ?? [];
    for (const event of events) {
      const started = event.childWorkflowExecutionStartedEventAttributes;
      const id = started?.workflowExecution?.workflowId ?? '';
      const type = started?.workflowType?.name ?? '';
      if (!started || acted.has(id)) continue;
      const child = client.workflow.getHandle(id, started.workflowExecution?.runId ?? undefined);
      if (faults.terminateChildren?.includes(type)) await child.terminate('fault-replay record: --terminate-child');
      else if (faults.cancelChildren?.includes(type)) await child.cancel();
      acted.add(id);
    }
    for (const outside of [...pending]) {
      if (outside.afterEventType && !reached(outside.afterEventType, events as HistoryEvent[])) continue;
      if (outside.idle && !idle(events as HistoryEvent[])) continue;
      await outside.send();
      pending.splice(pending.indexOf(outside), 1);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

/** The moment `afterEventType` names: an event of that type is in the history, or (`Waiting`) the workflow waits with nothing open. */
function reached(afterEventType: string, events: HistoryEvent[]): boolean {
  if (afterEventType === WAITING)
    return (
      Boolean(events.at(-1)?.workflowTaskCompletedEventAttributes) &&
      nothingPending(historySteps(events), events.length)
    );
  return events.some((event) => event.eventType === eventTypeOf(afterEventType));
}

/** The workflow's last task and its commands are the last events: it waits for something to happen. */
function idle(events: HistoryEvent[]): boolean {
  let completed = events.length - 1;
  while (completed >= 0 && !events[completed].workflowTaskCompletedEventAttributes) completed--;
  return completed >= 0 && endOfTaskCommands(events, completed + 1) === events.length;
}

/** Not an event type: the workflow waits with nothing open (its last task completed, every step closed). */
export const WAITING = 'Waiting';

/** `TimerStarted` → EVENT_TYPE_TIMER_STARTED (`Waiting` is taken as it is). */
export function eventTypeOf(name: string): temporal.api.enums.v1.EventType {
  const value =
    EventType[`EVENT_TYPE_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as keyof typeof EventType];
  if (value === undefined) throw new Error(`after ${name}: no such event type`);
  return value;
}
