import { temporal } from '@temporalio/proto';
import type { HistoryEvent, Payload } from '../../history/events';
import type { CommandAnswer } from './command-answer';

/** The search attribute core upserts with every patch (its UpsertSearchAttributeOnPatch flag). */
const VERSION_SEARCH_ATTRIBUTE = 'TemporalChangeVersion';

/**
 * UpsertWorkflowSearchAttributes. A server fails the task for an attribute its namespace does not
 * have registered, which the tool cannot see: it answers only attributes the recorded history shows
 * set (at the start or upserted), so registered there, and core's patch versions. Not shown in
 * goldens: search attributes are for finding workflows, no step of a rollback.
 */
export const upsertSearchAttributes: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  unsupported(command, { searchAttributeTypes }) {
    const names = Object.keys(
      command.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields ?? {},
    );
    const unknown = names.filter((name) => name !== VERSION_SEARCH_ATTRIBUTE && !searchAttributeTypes.has(name));
    if (unknown.length === 0) return undefined;
    return `upsertWorkflowSearchAttributes command (search attribute ${unknown.join(', ')} is not set in the recorded history: whether the server has it registered is unknown)`;
  },
  record(command, { builder, searchAttributeTypes }) {
    const fields = command.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields ?? {};
    const typed = Object.fromEntries(
      Object.entries(fields).map(([name, payload]) => [name, withServerType(payload, searchAttributeTypes.get(name))]),
    );
    builder.searchAttributesUpserted({ indexedFields: typed });
    return undefined;
  },
};

/** The server records each value with its registered type in the metadata, where the SDK sent none. */
function withServerType(payload: Payload, type: Uint8Array | undefined): Payload {
  if (!type || payload.metadata?.type) return payload;
  return { ...payload, metadata: { ...payload.metadata, type } };
}

/** The search attributes a recorded history shows set (at the start, or upserted), with the type the server recorded. */
export function recordedSearchAttributeTypes(events: HistoryEvent[]): Map<string, Uint8Array | undefined> {
  const types = new Map<string, Uint8Array | undefined>();
  for (const event of events) {
    const fields =
      event.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ??
      event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    for (const [name, payload] of Object.entries(fields ?? {}))
      if (!types.get(name)) types.set(name, payload.metadata?.type ?? undefined);
  }
  return types;
}
