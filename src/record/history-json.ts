import { dirname } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/**
 * A history as `temporal workflow show --output json` writes it. The SDK's `historyToJSON` does
 * this on 1.24; on 1.13 .. 1.23 it relies on proto3-json-serializer 2.0.0, and the 2.0.2 a fresh
 * install gets throws on the bytes inside `Payload.metadata` (sdk-typescript's own note in
 * proto-utils.ts, proto3-json-serializer-nodejs#103). Then the same serializer runs on a copy whose
 * map bytes are already base64, which is what the CLI writes for them.
 */
export function historyJson(history: History): string {
  try {
    return historyToJSON(history);
  } catch (err) {
    if (!/toProto3JSON/.test(String((err as Error)?.message))) throw err;
    return legacyHistoryJson(history);
  }
}

function legacyHistoryJson(history: History): string {
  const { toProto3JSON } = sdkRequire('proto3-json-serializer') as { toProto3JSON(message: unknown): unknown };
  const message = temporal.api.history.v1.History.fromObject(history);
  base64MapBytes(message);
  return JSON.stringify(base64Bytes(toProto3JSON(message)), null, 2);
}

/** The SDK's own copy of a module it depends on (resolved from @temporalio/common's folder). */
function sdkRequire(name: string): unknown {
  const common = dirname(require.resolve('@temporalio/common/package.json'));
  return require(require.resolve(name, { paths: [common] }));
}

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;

/** In place: the values of plain-object maps (`map<string, bytes>`) become base64 strings. */
function base64MapBytes(value: unknown): void {
  if (value === null || typeof value !== 'object' || isBytes(value)) return;
  const plainMap = Object.getPrototypeOf(value) === Object.prototype;
  for (const [key, inner] of Object.entries(value)) {
    if (plainMap && isBytes(inner)) (value as Record<string, unknown>)[key] = Buffer.from(inner).toString('base64');
    else base64MapBytes(inner);
  }
}

/** Bytes fields the serializer passes through untouched become base64, as the SDK's `fixBuffers` does. */
function base64Bytes(value: unknown): unknown {
  if (isBytes(value)) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(base64Bytes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, base64Bytes(inner)]));
  }
  return value;
}
