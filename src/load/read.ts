import { closeSync, constants, fstatSync, openSync, readSync, Stats } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { temporal } from '@temporalio/proto';
import type { History } from '../history/events';
import { fsReason, HistoryProblem } from './problem';

/** What a file holds once unpacked: JSON text (not parsed yet) or a decoded binary protobuf History. */
export type Content = { text: string; unpacked: string } | { history: History; unpacked: string };

/**
 * Largest history read, in MiB once unpacked (`--max-history-size`): above the 50 MiB a Temporal
 * server lets a history grow to, so a real one fits; one larger is one line, not gigabytes of memory.
 */
export const DEFAULT_MAX_HISTORY_MIB = 64;
const MIB = 1024 * 1024;
const CHUNK = 1 << 16;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const BOMS: Array<{ bytes: number[]; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; name: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', name: 'UTF-8 with BOM' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', name: 'UTF-16 LE' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', name: 'UTF-16 BE' },
];

/**
 * Reads a file's bytes without ever blocking: opened non-blocking and checked to be a regular file
 * before a byte is read, so a FIFO or a device named `*.json` is a problem line, not a hang. At most
 * `maxMib` MiB are read, whatever its size says (a /proc file says 0 and may never end).
 */
export function readBytes(file: string, maxMib = DEFAULT_MAX_HISTORY_MIB): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new HistoryProblem(file, `cannot read: ${fsReason(err)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new HistoryProblem(file, `${notRegularFile(stats)}; not opened for reading`);
    if (stats.size > maxMib * MIB) throw tooLarge(file, maxMib, `the file is ${stats.size} bytes:`);
    return readAtMost(fd, maxMib * MIB) ?? throwProblem(tooLarge(file, maxMib, 'the file holds'));
  } catch (err) {
    if (err instanceof HistoryProblem) throw err;
    throw new HistoryProblem(file, `cannot read: ${fsReason(err)}`);
  } finally {
    closeSync(fd);
  }
}

/** The bytes to the end of the file, or undefined as soon as there are more than `limit` (read a chunk past it at most). */
function readAtMost(fd: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK); // whole chunks: some /proc files refuse other read sizes
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    total += read;
    if (total > limit) return undefined;
  }
}

/** One line naming the limit and the option that raises it. */
function tooLarge(file: string, maxMib: number, what: string): HistoryProblem {
  return new HistoryProblem(
    file,
    `${what} more than the ${maxMib} MiB a history may be (--max-history-size ${maxMib}); give a larger --max-history-size to check it`,
  );
}

function throwProblem(problem: HistoryProblem): never {
  throw problem;
}

export function notRegularFile(stats: Stats): string {
  const kind = stats.isFIFO()
    ? 'a FIFO (named pipe)'
    : stats.isSocket()
      ? 'a socket'
      : stats.isCharacterDevice()
        ? 'a character device'
        : stats.isBlockDevice()
          ? 'a block device'
          : stats.isDirectory()
            ? 'a folder'
            : 'not a file';
  return `not a regular file: ${kind}`;
}

/**
 * Unpacks gzip (found by its magic bytes, whatever the name), then tells JSON text from binary
 * protobuf. All gzip layers together unpack to at most `maxMib` MiB (a bomb of two layers too).
 */
export function unpack(
  file: string,
  bytes: Buffer,
  maxMib = DEFAULT_MAX_HISTORY_MIB,
  layers: string[] = [],
  unpackedBytes = 0,
): Content {
  const unpacked = layers.join(', ');
  const after = unpacked ? ` (after ${unpacked})` : '';
  if (isBlank(bytes)) throw new HistoryProblem(file, `the file is empty${after}`);
  if (startsWith(bytes, GZIP_MAGIC)) {
    if (layers.length >= 3) throw new HistoryProblem(file, `gzip nested more than 3 deep${after}`);
    const inner = gunzip(file, bytes, after, maxMib, maxMib * MIB - unpackedBytes);
    return unpack(file, inner, maxMib, [...layers, 'gunzip'], unpackedBytes + inner.length);
  }
  if (startsWith(bytes, ZIP_MAGIC))
    throw new HistoryProblem(file, `a zip archive${after}, not a history: unzip it and give the history file inside`);
  const bom = BOMS.find((candidate) => startsWith(bytes, candidate.bytes));
  if (bom)
    return {
      text: decodeText(file, bytes.subarray(bom.bytes.length), bom.encoding, `${bom.name} text${after}`),
      unpacked: [...layers, bom.name].join(', '),
    };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16)
    return {
      text: decodeText(file, bytes, utf16, `UTF-16 text${after}`),
      unpacked: [...layers, `${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} without BOM`].join(', '),
    };
  if (looksLikeJson(bytes)) return { text: decodeText(file, bytes, 'utf-8', `JSON text${after}`), unpacked };
  if (isText(bytes)) return { text: bytes.toString('utf8'), unpacked };
  return { history: decodeBinary(file, bytes, after), unpacked: [...layers, 'binary protobuf'].join(', ') };
}

function gunzip(file: string, bytes: Buffer, after: string, maxMib: number, budget: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, budget) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(file, maxMib, `its gzip data${after} unpacks to`);
    throw new HistoryProblem(
      file,
      `gzip data is damaged${after}: ${(err as Error).message}${code === 'Z_BUF_ERROR' ? ' (cut short?)' : ''}`,
    );
  }
}

function decodeText(file: string, bytes: Buffer, encoding: 'utf-8' | 'utf-16le' | 'utf-16be', what: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const hint =
      encoding === 'utf-8'
        ? firstInvalidUtf8(bytes)
        : bytes.length % 2 === 1
          ? ` (an odd number of bytes: cut short?)`
          : '';
    throw new HistoryProblem(file, `${what} is not valid ${encoding.toUpperCase()}${hint}`);
  }
}

function firstInvalidUtf8(bytes: Buffer): string {
  let low = 0;
  let high = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return ` (first bad byte near offset ${low})`;
}

function decodeBinary(file: string, bytes: Buffer, after: string): History {
  try {
    return temporal.api.history.v1.History.decode(bytes);
  } catch (err) {
    const message = (err as Error).message;
    const cut = /index out of range/.test(message) ? ' (cut short?)' : '';
    throw new HistoryProblem(
      file,
      `neither JSON text nor a binary protobuf History${after}: protobuf decode failed: ${message}${cut}`,
    );
  }
}

/** No bytes, or only ASCII whitespace (stops at the first other byte). */
function isBlank(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** `{` or `[` after optional whitespace: JSON, even with a bad byte further on (said as such). */
function looksLikeJson(bytes: Buffer): boolean {
  for (const byte of bytes.subarray(0, 4096)) {
    if (byte === 0x7b || byte === 0x5b) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return false;
}

/** Printable UTF-8 without control bytes: a binary History always has some (tags and lengths). */
function isText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) return false;
  try {
    // stream: a window that cuts a multi-byte character is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < bytes.length });
    return true;
  } catch {
    return false;
  }
}

/** `{` as `7b 00` or `00 7b`: UTF-16 that lost its BOM (some editors write it so). */
function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 4) return undefined;
  const json = (byte: number) => byte === 0x7b || byte === 0x5b;
  if (json(bytes[0]) && bytes[1] === 0 && bytes[3] === 0) return 'utf-16le';
  if (bytes[0] === 0 && json(bytes[1]) && bytes[2] === 0) return 'utf-16be';
  return undefined;
}
