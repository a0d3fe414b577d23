import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import type { ReporterKind } from './registry';
import type { ReporterOptions } from './reporter';

/**
 * A report file the run writes at its end (`--json`, `--junit`, `--markdown`), checked when the
 * reporter is made, before the run: a folder that is not there is a usage error at once, not
 * after a long check whose findings it would then lose.
 */
export function outputFile(flag: string, path: string): { write(text: string): void } {
  const folder = dirname(resolve(path));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`${flag} ${path}: no such folder ${folder}`);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new Error(`${flag} ${path}: is a folder, not a file`);
  try {
    accessSync(existing ? path : folder, constants.W_OK);
  } catch {
    throw new Error(`${flag} ${path}: not writable`);
  }
  return {
    write(text) {
      try {
        writeFileAtomic(path, text);
      } catch (err) {
        throw new Error(`${flag} ${path}: not written: ${(err as Error).message}`);
      }
    },
  };
}

/** A reporter that writes one file at the end of the run, asked for by `--json FILE` (`--junit`, `--markdown`, `--html`): the file is checked when it is made. */
export function fileReporter<R>(
  option: 'json' | 'junit' | 'markdown' | 'html',
  format: (report: R, options: ReporterOptions) => string,
): ReporterKind<R> {
  return {
    name: option,
    wanted: (options: ReporterOptions) => Boolean(options[option]),
    create: (options: ReporterOptions) => {
      const file = outputFile(`--${option}`, options[option]!);
      return { runDone: (report: R) => file.write(format(report, options)) };
    },
  };
}
