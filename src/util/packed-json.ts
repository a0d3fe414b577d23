import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * JSON that crosses the Temporal server as one string payload (a shard's report, the split's
 * weights): gzipped, base64. Unpacked within a limit, since whoever can reach the task queue may
 * have sent it.
 */
export function packJson(text: string): string {
  return gzipSync(text).toString('base64');
}

/** The value packed in `packed`; else an Error whose message says why in one line (not a string, not gzip, too large, not JSON). */
export function unpackJson(packed: unknown, limitBytes: number): unknown {
  try {
    if (typeof packed !== 'string') throw new Error('not a string');
    return JSON.parse(gunzipSync(Buffer.from(packed, 'base64'), { maxOutputLength: limitBytes }).toString('utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `unpacks to more than ${limitBytes} bytes`
        : (err as Error).message.split('\n')[0],
    );
  }
}
