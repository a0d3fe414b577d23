import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** This tool's version, from its package.json (one folder up from src/, two from the built lib/src/). */
export function ownVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'temporal-fault-replay' && pkg.version) return pkg.version;
  }
  return 'unknown';
}
