import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface OwnPackage {
  root: string;
  version: string;
}

let found: OwnPackage | undefined;

/** This tool's package folder and version, from its package.json (one folder up from src/, two from the built lib/src/). */
function ownPackage(): OwnPackage | undefined {
  if (found) return found;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'temporal-fault-replay' && pkg.version) return (found = { root: dir, version: pkg.version });
  }
  return undefined;
}

/** This tool's version, from its package.json. */
export function ownVersion(): string {
  return ownPackage()?.version ?? 'unknown';
}

/** The folder this tool's package.json is in (a checkout, or node_modules/temporal-fault-replay). */
export function ownRoot(): string {
  return ownPackage()?.root ?? join(__dirname, '..', '..');
}
