import { oneLine, problemLine, type Problem } from '../model/problem';

/** A problem with one input file, thrown where it is found: printed as one line naming the file and, where known, the event. */
export class HistoryProblem extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly eventId?: number,
  ) {
    super(problemLine({ kind: 'input', file, eventId, message: reason }));
  }

  get problem(): Problem {
    return {
      kind: 'input',
      file: this.file,
      ...(this.eventId ? { eventId: this.eventId } : {}),
      message: oneLine(this.reason),
    };
  }
}

const FS_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a path component is not a folder',
  ELOOP: 'a symlink loop (too many levels of symbolic links)',
  EISDIR: 'a folder, not a file',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
  ERR_FS_FILE_TOO_LARGE: 'the file is too large to read',
};

/** `EACCES: permission denied, scandir '/x'` → `permission denied`: the path is already on the line. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && FS_ERRORS[code]) return FS_ERRORS[code];
  const message = err instanceof Error ? err.message : String(err);
  return oneLine(message).replace(/, \w+ '[^']*'$/, '');
}
