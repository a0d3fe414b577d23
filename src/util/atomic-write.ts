import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Writes a whole file so that a reader (or a crash, or a second run) never sees it half written:
 * into a new temporary file in the same folder, flushed, then renamed over the file. A symlink is
 * followed to the file it names (the link stays); a target that is not a regular file (a device such
 * as /dev/stdout, a FIFO) is written in place, as renaming over it would replace it. A file that
 * existed keeps its mode; `mode` is that of a new file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const target = realTarget(path);
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    writeFileSync(target, data);
    return;
  }
  const temp = join(
    dirname(target),
    `.${basename(target).slice(0, 100)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  // O_EXCL: a name that appeared meanwhile (a planted symlink) is never opened.
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    existing ? existing.mode & 0o7777 : mode,
  );
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * As `writeFileAtomic`, for a file whose path comes from history content (a golden file, a repro
 * file): refused when it, or a symlink standing at its place, leads out of its folder.
 */
export function writeFileInFolder(path: string, data: string | Uint8Array, mode?: number): void {
  const folder = realpathSync(dirname(resolve(path)));
  const target = realTarget(path);
  const inside = relative(folder, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`${path}: leads to ${target}, outside its folder ${folder} (a symlink?): not written`);
  }
  writeFileAtomic(path, data, mode);
}

/** The file a path names: a symlink's target (resolved however deep), else the path itself. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet (or a dangling link): its folder's real path, so the temp file sits beside it.
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return path;
    }
  }
}
