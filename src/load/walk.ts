import { lstatSync, readdirSync, readlinkSync, realpathSync, Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_SUFFIX } from '../model/files';
import { SPEC_SUFFIX } from '../model/files';
import { fsReason, HistoryProblem } from './problem';
import { notRegularFile } from './read';

/** The names a folder's history files have: JSON or binary protobuf, maybe gzipped. */
const HISTORY_NAME = /\.(json|bin|pb|binpb)(\.gz)?$/i;
export const HISTORY_NAMES = '*.json, *.bin, *.pb, *.binpb, each maybe .gz';

export interface Walk {
  /** Each history file once (by device and inode), named as the user named it, in sorted order. */
  files: string[];
  problems: HistoryProblem[];
}

export function isHistoryName(name: string): boolean {
  return (
    HISTORY_NAME.test(name) &&
    !name.endsWith(GOLDEN_SUFFIX) &&
    !name.endsWith(`${GOLDEN_SUFFIX}.gz`) &&
    !name.endsWith(SPEC_SUFFIX)
  );
}

/** `happy.json.gz` → `happy`: the stem that names its golden file. */
export function historyStem(name: string): string {
  return name.replace(HISTORY_NAME, '') || name;
}

/**
 * Every history file under the paths given. A folder is walked recursively; a symlink is followed
 * (a folder once: a link back to a folder being walked is a loop, reported and not followed);
 * nothing is opened here, so a FIFO never blocks. Entries that cannot be used are problem lines
 * and the walk goes on. A file reached twice (named twice, or through a symlink) is listed once.
 */
export function walkHistories(paths: string[]): Walk {
  const walker = new Walker();
  for (const path of paths) walker.given(path);
  return { files: [...walker.files.values()].sort(), problems: walker.problems };
}

class Walker {
  /** dev:ino → the first name the file was reached by. */
  readonly files = new Map<string, string>();
  readonly problems: HistoryProblem[] = [];
  /** real path → history files reached under it, so a folder reached again counts as not empty. */
  private readonly walkedFolders = new Map<string, number>();
  /** History files reached, counting a file reached twice twice (an empty folder reaches none). */
  private reached = 0;

  given(path: string): void {
    const stats = this.stat(path);
    if (!stats) return;
    if (stats.isDirectory()) {
      if (this.walkedFolders.has(realOrSelf(path))) return; // named twice, or inside a folder named before
      const found = this.reached + this.problems.length;
      this.folder(path, []);
      if (this.reached + this.problems.length === found) {
        this.problems.push(new HistoryProblem(path, `no history files (${HISTORY_NAMES}) in this folder`));
      }
    } else if (stats.isFile()) {
      this.addFile(path, stats);
    } else {
      this.problems.push(new HistoryProblem(path, `${notRegularFile(stats)}; not opened`));
    }
  }

  private folder(dir: string, ancestors: string[]): void {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err) {
      this.problems.push(new HistoryProblem(dir, `cannot read: ${fsReason(err)}`));
      return;
    }
    const loop = ancestors.indexOf(real);
    if (loop >= 0) {
      this.problems.push(
        new HistoryProblem(dir, `a symlink loop: it leads back to ${real}, which is being walked; not followed again`),
      );
      return;
    }
    const before = this.walkedFolders.get(real);
    if (before !== undefined) {
      this.reached += before; // reached before (another link, or named before): its files are listed
      return;
    }
    const reachedBefore = this.reached;
    this.walkedFolders.set(real, 0);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      this.problems.push(
        new HistoryProblem(dir, `cannot list this folder: ${fsReason(err)}; its files are not checked`),
      );
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      // Any entry that cannot be stat-ed is reported: it may be a folder of histories.
      const stats = this.stat(path);
      if (!stats) continue;
      if (stats.isDirectory()) this.folder(path, [...ancestors, real]);
      else if (!isHistoryName(name))
        continue; // golden files, READMEs, ...: not histories
      else if (stats.isFile()) this.addFile(path, stats);
      else this.problems.push(new HistoryProblem(path, `${notRegularFile(stats)}; not opened`));
    }
    this.walkedFolders.set(real, this.reached - reachedBefore);
  }

  private addFile(path: string, stats: Stats): void {
    this.reached++;
    const key = `${stats.dev}:${stats.ino}`;
    if (!this.files.has(key)) this.files.set(key, path);
  }

  /** stat follows symlinks; when it fails, say why (a dangling link, a link loop, no permission). */
  private stat(path: string): Stats | undefined {
    try {
      return statSync(path);
    } catch (err) {
      this.problems.push(new HistoryProblem(path, this.statFailure(path, err)));
      return undefined;
    }
  }

  private statFailure(path: string, err: unknown): string {
    const code = (err as NodeJS.ErrnoException).code;
    try {
      if (lstatSync(path).isSymbolicLink()) {
        const target = readlinkSync(path);
        if (code === 'ENOENT') return `a broken symlink: its target ${target} does not exist`;
        if (code === 'ELOOP') return `a symlink loop: ${target} leads back to itself`;
      }
    } catch {
      // lstat failed too: the stat error says it
    }
    return `cannot read: ${fsReason(err)}`;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
