import type { temporal } from '@temporalio/proto';
import type { HistoryEvent } from '../history/events';

/** Core's internal flags (sdk-core `CoreInternalFlags`) in every supported SDK: a live worker uses them all. */
const CORE_FLAGS = [1, 2, 3];
export const UPSERT_SEARCH_ATTRIBUTE_ON_PATCH = 2;

function recorded(events: HistoryEvent[]): { core: Set<number>; lang: Set<number> } {
  const core = new Set<number>();
  const lang = new Set<number>();
  for (const event of events) {
    const metadata = event.workflowTaskCompletedEventAttributes?.sdkMetadata;
    metadata?.coreUsedFlags?.forEach((flag) => core.add(flag));
    metadata?.langUsedFlags?.forEach((flag) => lang.add(flag));
  }
  return { core, lang };
}

export function hasCoreFlag(events: HistoryEvent[], flag: number): boolean {
  return recorded(events).core.has(flag);
}

/**
 * The sdkMetadata a live worker writes into the WorkflowTaskCompleted of a task it ran: the flags it
 * used that the history does not hold yet. Without them the next replay would take the old paths
 * of the SDK (see shared/replay-notes.md, "SDK flags").
 */
export function newFlags(events: HistoryEvent[], usedLangFlags: number[]): temporal.api.sdk.v1.IWorkflowTaskCompletedMetadata {
  const { core, lang } = recorded(events);
  const coreUsedFlags = CORE_FLAGS.filter((flag) => !core.has(flag));
  const langUsedFlags = usedLangFlags.filter((flag) => !lang.has(flag));
  return {
    ...(coreUsedFlags.length ? { coreUsedFlags } : {}),
    ...(langUsedFlags.length ? { langUsedFlags } : {}),
  };
}
