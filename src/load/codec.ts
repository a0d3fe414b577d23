import type { PayloadCodec } from '@temporalio/common';
import type { History, Payload } from '../history/events';
import { firstLine, loadUserModule } from '../util/load-module';
import type { LoadedHistory } from '../model/history';
import type { Problem } from '../model/problem';

/**
 * The team's data converter module (`--data-converter`), as a worker is given it: `payloadCodecs`
 * (encryption, compression) and/or `payloadConverter`. Codecs run here, right after loading, so
 * the replay, goldens, diffs and reports only ever see decoded payloads; the payload converter is
 * bundled into the replayed workflow (as `--payload-converter`).
 */
export interface DataConverterModule {
  path: string;
  payloadCodecs: PayloadCodec[];
  hasPayloadConverter: boolean;
}

export function loadDataConverter(path: string): DataConverterModule {
  const module = loadUserModule(path, 'data converter');
  const payloadCodecs = (module.payloadCodecs ?? []) as PayloadCodec[];
  if (!Array.isArray(payloadCodecs) || payloadCodecs.some((codec) => typeof codec?.decode !== 'function')) {
    throw new Error(`data converter module ${path}: payloadCodecs must be an array of PayloadCodec (encode/decode)`);
  }
  const hasPayloadConverter = module.payloadConverter !== undefined;
  if (payloadCodecs.length === 0 && !hasPayloadConverter)
    throw new Error(`data converter module ${path} exports neither payloadCodecs nor payloadConverter`);
  return { path, payloadCodecs, hasPayloadConverter };
}

/** The payload converter the replay bundles: `--payload-converter`, else the data converter module when it exports one. */
export function payloadConverterPathOf(options: {
  payloadConverterPath?: string;
  dataConverterPath?: string;
}): string | undefined {
  if (options.payloadConverterPath || !options.dataConverterPath) return options.payloadConverterPath;
  return loadDataConverter(options.dataConverterPath).hasPayloadConverter ? options.dataConverterPath : undefined;
}

/**
 * Decodes every payload of each history in place through the codecs. A history with a payload that
 * does not decode (wrong key, another codec) is a problem line naming the file and event, not checked.
 */
export async function decodeHistories(
  histories: LoadedHistory[],
  dataConverterPath: string | undefined,
  problems: Problem[],
): Promise<LoadedHistory[]> {
  if (!dataConverterPath) return histories;
  const { payloadCodecs } = loadDataConverter(dataConverterPath);
  if (payloadCodecs.length === 0) return histories;
  const decoded: LoadedHistory[] = [];
  for (const history of histories) {
    const problem = await decodeHistory(history.history, payloadCodecs);
    if (problem) problems.push({ kind: 'input', file: history.file, message: problem });
    else decoded.push(history);
  }
  return decoded;
}

/** In place; returns `event N: why` for the first payload that does not decode. */
export async function decodeHistory(history: History, codecs: PayloadCodec[]): Promise<string | undefined> {
  for (const [index, event] of (history.events ?? []).entries()) {
    try {
      for (const payload of payloadsIn(event)) Object.assign(payload, await decodePayload(payload, codecs));
    } catch (err) {
      return `event ${index + 1}: a payload does not decode with the data converter: ${firstLine(err)}`;
    }
  }
  return undefined;
}

/** Codecs encode in order, so they decode in reverse, as the SDK's data converter does. */
async function decodePayload(payload: Payload, codecs: PayloadCodec[]): Promise<Payload> {
  let payloads = [payload] as Parameters<PayloadCodec['decode']>[0];
  for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
  const [decoded] = payloads;
  return { metadata: decoded.metadata, data: decoded.data };
}

/** Every payload object in a value (depth first); a payload's own fields are not searched further. */
export function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (Array.isArray(value)) value.forEach((inner) => payloadsIn(inner, found));
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const candidate = value as Payload;
    if (candidate.metadata?.encoding instanceof Uint8Array) found.push(candidate);
    else Object.values(value).forEach((inner) => payloadsIn(inner, found));
  }
  return found;
}
