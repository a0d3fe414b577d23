import { closeSync, constants, fstatSync, openSync, readFileSync, Stats } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { temporal } from '@temporalio/proto';
import type { History } from '../history/events';
import { fsReason, HistoryProblem } from './problem';

/** What a file holds once unpacked: JSON text (not parsed yet) or a decoded binary protobuf History. */
export type Content = { text: string; unpacked: string } | { history: History; unpacked: string };

/** Largest history (after gunzip) read into memory: far above any real history, below a gzip bomb. */
const MAX_BYTES = 1 << 30;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const BOMS: Array<{ bytes: number[]; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; name: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', name: 'UTF-8 with BOM' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', name: 'UTF-16 LE' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', name: 'UTF-16 BE' },
];

/**
 * Reads a file's bytes without ever blocking: opened non-blocking and checked to be a regular file
 * before a byte is read, so a FIFO or a device named `*.json` is a problem line, not a hang.
 */
export function readBytes(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new HistoryProblem(file, `cannot read: ${fsReason(err)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new HistoryProblem(file, `${notRegularFile(stats)}; not opened for reading`);
    if (stats.size > MAX_BYTES) throw new HistoryProblem(file, `the file is ${stats.size} bytes, more than the ${MAX_BYTES}-byte limit`);
    return readFileSync(fd);
  } catch (err) {
    if (err instanceof HistoryProblem) throw err;
    throw new HistoryProblem(file, `cannot read: ${fsReason(err)}`);
  } finally {
    closeSync(fd);
  }
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

/** Unpacks gzip (found by its magic bytes, whatever the name), then tells JSON text from binary protobuf. */
export function unpack(file: string, bytes: Buffer, layers: string[] = []): Content {
  const unpacked = layers.join(', ');
  const after = unpacked ? ` (after ${unpacked})` : '';
  if (isBlank(bytes)) throw new HistoryProblem(file, `the file is empty${after}`);
  if (startsWith(bytes, GZIP_MAGIC)) {
    if (layers.length >= 3) throw new HistoryProblem(file, `gzip nested more than 3 deep${after}`);
    return unpack(file, gunzip(file, bytes, after), [...layers, 'gunzip']);
  }
  if (startsWith(bytes, ZIP_MAGIC)) throw new HistoryProblem(file, `a zip archive${after}, not a history: unzip it and give the history file inside`);
  const bom = BOMS.find((candidate) => startsWith(bytes, candidate.bytes));
  if (bom) return { text: decodeText(file, bytes.subarray(bom.bytes.length), bom.encoding, `${bom.name} text${after}`), unpacked: [...layers, bom.name].join(', ') };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: decodeText(file, bytes, utf16, `UTF-16 text${after}`), unpacked: [...layers, `${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} without BOM`].join(', ') };
  if (looksLikeJson(bytes)) return { text: decodeText(file, bytes, 'utf-8', `JSON text${after}`), unpacked };
  if (isText(bytes)) return { text: bytes.toString('utf8'), unpacked };
  return { history: decodeBinary(file, bytes, after), unpacked: [...layers, 'binary protobuf'].join(', ') };
}

function gunzip(file: string, bytes: Buffer, after: string): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_BYTES });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ERR_BUFFER_TOO_LARGE' ? `unpacks to more than ${MAX_BYTES} bytes` : `${(err as Error).message}${code === 'Z_BUF_ERROR' ? ' (cut short?)' : ''}`;
    throw new HistoryProblem(file, `gzip data is damaged${after}: ${reason}`);
  }
}

function decodeText(file: string, bytes: Buffer, encoding: 'utf-8' | 'utf-16le' | 'utf-16be', what: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const hint = encoding === 'utf-8' ? firstInvalidUtf8(bytes) : bytes.length % 2 === 1 ? ` (an odd number of bytes: cut short?)` : '';
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
    throw new HistoryProblem(file, `neither JSON text nor a binary protobuf History${after}: protobuf decode failed: ${message}${cut}`);
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
