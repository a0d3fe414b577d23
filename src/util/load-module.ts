import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isTypeScript, registerTypeScript, TypeScriptCompileError } from './typescript-hook';

/** Loads a user module (.ts or .js) by path; a failure names the file in a one-line error. */
export function loadUserModule(path: string, role: string): Record<string, unknown> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new Error(`${role} module ${path}: no such file`);
  if (isTypeScript(absolute)) registerTypeScript();
  try {
    return require(absolute) as Record<string, unknown>;
  } catch (err) {
    if ((err as Error)?.name === TypeScriptCompileError.name)
      throw new Error(`${role} module ${path} does not compile: ${(err as Error).message}`);
    throw new Error(`${role} module ${path} does not load: ${firstLine(err)}`);
  }
}

export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (
    message
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? message
  );
}

/**
 * The files a user module is made of: itself and every module it loaded, not the packages
 * (node_modules) it uses. Loads it if it is not yet (as loadUserModule). What a key of a run that
 * loads the module in this process hashes: an edit to a helper it imports changes what it does.
 */
export function userModuleFiles(path: string, role: string): string[] {
  loadUserModule(path, role);
  const files = new Set<string>();
  const visit = (module: NodeJS.Module | undefined) => {
    if (!module || files.has(module.filename) || /[\\/]node_modules[\\/]/.test(module.filename)) return;
    files.add(module.filename);
    module.children.forEach(visit);
  };
  visit(require.cache[resolve(path)]);
  return [...files].sort();
}
