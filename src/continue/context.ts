import { WORKER_TASK_QUEUE } from '../live/live-runs';
import type { HistoryBuilder } from '../history/builder';
import type { PayloadDecoder } from '../replay/decode';
import type { ExternalTargets } from './external-targets';
import type { Results } from './results';
import type { LocalActivityCall } from '../model/observation';

/** What every command answer needs while it writes the events of one workflow task's commands. */
export interface AnswerContext {
  builder: HistoryBuilder;
  decoder: PayloadDecoder;
  /** The workflow's task queue: activities scheduled without one run there. */
  workflowTaskQueue: string;
  results: Results;
  /** The namespace id the recording server gave (copied onto child workflow events), when the history shows it. */
  namespaceId?: string;
  /** What the recorded history shows of the other workflows this one signals or cancels. */
  targets: ExternalTargets;
  /** The run id the live worker ran the scenario as, and the recorded run's (a server writes the latter). */
  runIds?: { live: string; recorded: string };
  /**
   * Search attributes the recorded history shows set (at start or upserted), so registered on its
   * server, with the type the server put in their payloads' metadata.
   */
  searchAttributeTypes: ReadonlyMap<string, Uint8Array | undefined>;
  /** What the worker saw of the local activities it ran in this task (arguments, options), by activity id. */
  localCalls?: Record<string, LocalActivityCall>;
}

/** The task queue a command runs on: the tool's worker gives its own queue where the team's worker gives the workflow's. */
export function liveTaskQueue(commandQueue: string | null | undefined, workflowTaskQueue: string): string {
  return !commandQueue || commandQueue === WORKER_TASK_QUEUE ? workflowTaskQueue : commandQueue;
}
