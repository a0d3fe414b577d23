import type { coresdk } from '@temporalio/proto';
import { describeThrown } from './errors';

export type WorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

/** What the observer (observer-interceptor.ts) reported, in order, with the replaying flag of the moment. */
export type ObserverEvent =
  | { kind: 'started'; replaying: boolean }
  | {
      kind: 'concluded';
      replaying: boolean;
      commands: WorkflowCommand[];
      usedFlags: number[];
      /** The history's length at this activation's workflow task (its WorkflowTaskStarted). */
      historyLength?: number;
      /** `patched('x')`, `SDK flag 1`: decided only because the task replays (observer-interceptor.ts). */
      replayDecided?: string[];
    }
  | { kind: 'threw'; replaying: boolean; error: { type: string; message: string; stack: string } };

/** The task that ran live (not replaying): the workflow's answer to the last events of the history. */
export interface LiveTask {
  /** Whether the replayer ran a live task at all (it does not when it refused the history). */
  ran: boolean;
  /** The commands of every live activation, in order. */
  commands: WorkflowCommand[];
  /** SDK (lang) flags the live task used: a live worker writes them into its WorkflowTaskCompleted. */
  usedFlags: number[];
  /** Set when an activation of the task never concluded: the workflow code failed the task. */
  failure?: string;
}

export function liveTask(events: ObserverEvent[]): LiveTask {
  const live = events.filter((event) => !event.replaying);
  const task: LiveTask = { ran: live.length > 0, commands: [], usedFlags: [] };
  let open = false;
  let thrown: string | undefined;
  for (const event of live) {
    if (event.kind === 'started') {
      open = true;
      thrown = undefined;
    }
    if (event.kind === 'threw') thrown = describeThrown(event.error);
    if (event.kind === 'concluded') {
      open = false;
      task.commands.push(...event.commands);
      task.usedFlags = event.usedFlags;
    }
  }
  if (open) task.failure = thrown ?? 'the workflow task failed (the workflow code threw outside its main function)';
  return task;
}
