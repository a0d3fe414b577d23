import { temporal } from '@temporalio/proto';
import type { CommandAnswer } from './command-answer';

/** The search attribute core upserts with every patch (its UpsertSearchAttributeOnPatch flag). */
const VERSION_SEARCH_ATTRIBUTE = 'TemporalChangeVersion';

/** UpsertWorkflowSearchAttributes; the patch versions core upserts are part of the patch, not shown. */
export const upsertSearchAttributes: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  unsupported(command) {
    const names = Object.keys(command.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields ?? {});
    return names.every((name) => name === VERSION_SEARCH_ATTRIBUTE) ? undefined : 'upsertWorkflowSearchAttributes';
  },
  record(command, { builder }) {
    builder.searchAttributesUpserted(command.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes ?? {});
    return undefined;
  },
};
