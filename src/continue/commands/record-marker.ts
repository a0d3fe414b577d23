import { temporal } from '@temporalio/proto';
import type { CommandAnswer } from './command-answer';

/** Core's name and detail key for patch markers (sdk-core `PATCH_MARKER_NAME`, `PATCHED_MARKER_DETAILS_KEY`). */
export const PATCH_MARKER_NAME = 'core_patch';
const PATCH_DETAILS_KEY = 'patch-data';

/**
 * MarkerRecorded as the worker sends it. Only `patched()` / `deprecatePatch()` markers are followed
 * for now; local activities and side effects write markers of their own (see `unsupported`).
 */
export const recordMarker: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_RECORD_MARKER,
  unsupported(command) {
    const name = command.recordMarkerCommandAttributes?.markerName;
    return name === PATCH_MARKER_NAME ? undefined : `${name} marker`;
  },
  record(command, { builder, decoder }) {
    const attributes = command.recordMarkerCommandAttributes!;
    builder.markerRecorded({ markerName: attributes.markerName, details: attributes.details, header: attributes.header, failure: attributes.failure });
    const payload = attributes.details?.[PATCH_DETAILS_KEY]?.payloads?.[0];
    const data = (payload ? decoder.value(payload) : undefined) as { id?: string; deprecated?: boolean } | undefined;
    return data?.deprecated ? { patch: data.id ?? '', deprecated: true } : { patch: data?.id ?? '' };
  },
};
