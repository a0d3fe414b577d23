import { WORKER_TASK_QUEUE } from '../live/live-worker';
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
  /** The namespace id the recording server gave (copied onto child workflow events), when the history shows it. */
  namespaceId?: string;
}

/** The task queue a command runs on: the tool's worker gives its own queue where the team's worker gives the workflow's. */
export function liveTaskQueue(commandQueue: string | null | undefined, workflowTaskQueue: string): string {
  return !commandQueue || commandQueue === WORKER_TASK_QUEUE ? workflowTaskQueue : commandQueue;
}
