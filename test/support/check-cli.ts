import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'chai';

export const ROOT = resolve(__dirname, '../..');

/** The real bin, from the repo root; GITHUB_ACTIONS unset so annotations appear only when asked for. */
export function faultReplay(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const { GITHUB_ACTIONS: _unset, ...rest } = process.env;
  const run = spawnSync(process.execPath, ['bin/fault-replay.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...rest, ...env },
  });
  expect(run.error, 'the CLI process ran').to.equal(undefined);
  return run;
}
