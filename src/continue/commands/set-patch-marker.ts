import { encodingKeys, type Payload } from '../../history/events';
import type { CommandAnswer } from './command-answer';

/** Core's name and detail key for patch markers (sdk-core `PATCH_MARKER_NAME`, `PATCHED_MARKER_DETAILS_KEY`). */
export const PATCH_MARKER_NAME = 'core_patch';
const PATCH_DETAILS_KEY = 'patch-data';
/** The search attribute core upserts with every patch when its flag 2 is in force. */
const VERSION_SEARCH_ATTRIBUTE = 'TemporalChangeVersion';

/**
 * MarkerRecorded as core writes it for `patched()` / `deprecatePatch()`, followed (core flag 2,
 * UpsertSearchAttributeOnPatch) by the upsert of every patch id so far.
 */
export const setPatchMarker: CommandAnswer<'setPatchMarker'> = {
  kind: 'setPatchMarker',
  record(command, { builder, patches, upsertOnPatch }) {
    const patchId = command.patchId ?? '';
    const deprecated = Boolean(command.deprecated);
    builder.markerRecorded({
      markerName: PATCH_MARKER_NAME,
      details: { [PATCH_DETAILS_KEY]: { payloads: [json({ id: patchId, deprecated })] } },
    });
    patches.add(patchId);
    if (upsertOnPatch) {
      const ids = json([...patches].sort());
      ids.metadata!.type = new TextEncoder().encode('KeywordList');
      builder.searchAttributesUpserted({ indexedFields: { [VERSION_SEARCH_ATTRIBUTE]: ids } });
    }
    return deprecated ? { patch: patchId, deprecated: true } : { patch: patchId };
  },
};

function json(value: unknown): Payload {
  return { metadata: { [encodingKeys.key]: encodingKeys.json }, data: new TextEncoder().encode(JSON.stringify(value)) };
}
