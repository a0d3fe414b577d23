import { createHash } from 'node:crypto';

/** Bytes a file name may take (most file systems allow 255). */
const NAME_BYTES = 200;

/**
 * A file name made from history content: only letters, digits, `.`, `_`, `-` (runs of anything
 * else become `_`), never `.` or `..` or hidden, at most NAME_BYTES bytes (a long name keeps its
 * start and ends in a hash of the whole), so it names a file inside the folder it is joined to.
 */
export function safeFileName(text: string): string {
  let name = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  if (name === '') name = '_';
  if (name.length > NAME_BYTES)
    name = `${name.slice(0, NAME_BYTES - 17)}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  return name;
}
