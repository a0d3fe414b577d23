import type { HistoryBuilder } from '../history/builder';
import type { PayloadDecoder } from '../replay/decode';
import type { Results } from './results';

/** What every command answer needs while it writes the events of one workflow task's commands. */
export interface AnswerContext {
  builder: HistoryBuilder;
  decoder: PayloadDecoder;
  /** The workflow's task queue: activities scheduled without one run there. */
  workflowTaskQueue: string;
  results: Results;
  /** Patch ids the workflow has marked so far: core upserts them all as a search attribute with each new one. */
  patches: Set<string>;
  /** Whether core's UpsertSearchAttributeOnPatch flag (2) is in force for this history. */
  upsertOnPatch: boolean;
}

/**
 * The replay worker's own task queue (the SDK names it `fake_replay_queue-N`): a command with no
 * task queue of its own gets it while replaying, where a live worker gives it the workflow's.
 */
const REPLAY_TASK_QUEUE = /^fake_replay_queue-\d+$/;

/** The task queue a command runs on live. */
export function liveTaskQueue(commandQueue: string | null | undefined, workflowTaskQueue: string): string {
  return !commandQueue || REPLAY_TASK_QUEUE.test(commandQueue) ? workflowTaskQueue : commandQueue;
}
