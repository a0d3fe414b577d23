import type { Type } from 'protobufjs';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

// The reflected types the SDK's own historyFromJSON decodes with (same patched root, same classes).
const root = patchProtobufRoot(proto as unknown as Record<string, unknown>) as unknown as {
  lookupType(name: string): Type;
};

export const HISTORY_TYPE = root.lookupType('temporal.api.history.v1.History');
export const EVENT_TYPE = root.lookupType('temporal.api.history.v1.HistoryEvent');
export const PAYLOAD_TYPE = root.lookupType('temporal.api.common.v1.Payload');
