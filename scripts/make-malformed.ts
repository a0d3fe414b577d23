/**
 * Writes test/fixtures/malformed/: damaged and hostile copies of the recorded corpus
 * (histories/tenant-provisioning), one file per way a history can be unusable or dangerous: bombs,
 * names that are not names, executions still open. Never edit those files by hand; change a case here and run
 *     npm run make:malformed
 * The test (test/load/malformed-corpus.test.ts) checks the committed files are what this writes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MalformedCase } from './malformed/case';
import { BYTE_CASES } from './malformed/cases-bytes';
import { EVENT_CASES } from './malformed/cases-events';
import { PAYLOAD_CASES } from './malformed/cases-payloads';
import { HOSTILE_CASES } from './malformed/cases-hostile';
import { MORE_EVENT_CASES } from './malformed/cases-more-events';

export const MALFORMED_DIR = 'test/fixtures/malformed';
export const MALFORMED_CASES: MalformedCase[] = [
  ...BYTE_CASES,
  ...EVENT_CASES,
  ...MORE_EVENT_CASES,
  ...PAYLOAD_CASES,
  ...HOSTILE_CASES,
];

/** Writes every case into `dir` (emptied first, but for its README), and the README listing them. */
export function writeMalformed(dir: string): void {
  const names = MALFORMED_CASES.map((c) => c.file);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new Error(`case files named twice: ${repeated.join(', ')}`);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) rmSync(join(dir, name));
  for (const malformed of MALFORMED_CASES) writeFileSync(join(dir, malformed.file), malformed.make());
  writeFileSync(join(dir, 'README.md'), readme());
}

function readme(): string {
  const rows = MALFORMED_CASES.map((c) => `| \`${c.file}\` | ${c.what.replace(/\|/g, '\\|')} |`);
  return [
    '# Malformed inputs (generated: do not edit)',
    '',
    'Written by `scripts/make-malformed.ts` (`npm run make:malformed`) from the recorded corpus in',
    '`histories/tenant-provisioning/`: damaged and hostile copies (gzip bombs, workflow types that are no export,',
    'executions still open). `test/load/malformed-corpus.test.ts` runs them all in one `check` beside the good corpus',
    'and expects one line each, no hang and no process over 2 GiB; it also checks these files are what the script writes.',
    'FIFOs, sockets, unreadable folders and symlink loops cannot be committed: that test makes them in a temp folder.',
    '',
    `| file (${MALFORMED_CASES.length}) | what is wrong |`,
    '|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeMalformed(MALFORMED_DIR);
  console.log(`wrote ${MALFORMED_CASES.length} malformed inputs to ${MALFORMED_DIR}`);
}
