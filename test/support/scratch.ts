import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './check-cli';

/** A fresh folder under the repo's `.scratch` (gitignored; absent in a fresh clone until a test makes it). */
export function scratchDir(prefix: string): string {
  mkdirSync(join(ROOT, '.scratch'), { recursive: true });
  return mkdtempSync(join(ROOT, '.scratch', prefix));
}
