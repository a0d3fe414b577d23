import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

let typeScriptRegistered = false;

/** Lets `require` load a user's .ts module without a build step (ts-node, transpile only). */
export function enableTypeScriptModules(): void {
  if (typeScriptRegistered || require.extensions['.ts']) return;
  typeScriptRegistered = true;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
}

/** Loads a user module (.ts or .js) by path; a failure names the file in a one-line error. */
export function loadUserModule(path: string, role: string): Record<string, unknown> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new Error(`${role} module ${path}: no such file`);
  if (/\.[cm]?tsx?$/.test(absolute)) enableTypeScriptModules();
  try {
    return require(absolute) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${role} module ${path} does not load: ${firstLine(err)}`);
  }
}

export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? message;
}
