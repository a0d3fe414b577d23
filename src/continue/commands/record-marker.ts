import { temporal } from '@temporalio/proto';
import { LOCAL_ACTIVITY_MARKER, localActivityData } from '../../steps/local-activity-steps';
import type { CommandAnswer } from './command-answer';

/** Core's name and detail key for patch markers (sdk-core `PATCH_MARKER_NAME`, `PATCHED_MARKER_DETAILS_KEY`). */
export const PATCH_MARKER_NAME = 'core_patch';
const PATCH_DETAILS_KEY = 'patch-data';

/**
 * MarkerRecorded as the worker sends it: `patched()` / `deprecatePatch()` markers, and the marker
 * core writes for a local activity the live worker ran (../../live/local-activities.ts). Other
 * markers (side effects, …) are not followed yet (see `unsupported`).
 */
export const recordMarker: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_RECORD_MARKER,
  unsupported(command) {
    const name = command.recordMarkerCommandAttributes?.markerName;
    return name === PATCH_MARKER_NAME || name === LOCAL_ACTIVITY_MARKER
      ? undefined
      : `${name} marker command (not supported yet)`;
  },
  record(command, { builder, decoder, localCalls }) {
    const attributes = command.recordMarkerCommandAttributes!;
    const id = builder.markerRecorded({
      markerName: attributes.markerName,
      details: attributes.details,
      header: attributes.header,
      failure: attributes.failure,
    });
    if (attributes.markerName === LOCAL_ACTIVITY_MARKER) {
      const data = localActivityData(builder.events[id - 1]);
      const call = localCalls?.[data?.activity_id ?? ''] ?? { args: [], options: {} };
      return {
        localActivity: data?.activity_type ?? '',
        args: call.args,
        options: call.options,
        ...(attributes.failure ? { failed: true as const } : {}),
      };
    }
    const payload = attributes.details?.[PATCH_DETAILS_KEY]?.payloads?.[0];
    const data = (payload ? decoder.value(payload) : undefined) as { id?: string; deprecated?: boolean } | undefined;
    return data?.deprecated ? { patch: data.id ?? '', deprecated: true } : { patch: data?.id ?? '' };
  },
};
