import { statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export type ServerKind = 'dev' | 'time-skipping';

/** How `TestWorkflowEnvironment` is told where its server binary is. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

export interface ResolvedServer {
  kind: ServerKind;
  executable: ServerExecutable;
  /** Where the binary was found, for messages: an env variable, .tools/, PATH, or the SDK download. */
  source: string;
}

const BINARY: Record<ServerKind, { env: string; name: string }> = {
  dev: { env: 'TEMPORAL_CLI_PATH', name: 'temporal' },
  'time-skipping': { env: 'TEMPORAL_TEST_SERVER_PATH', name: 'temporal-test-server' },
};

/** The project's own install folder (scripts/install-temporal.sh), relative to this package. */
export const TOOLS_BIN = resolve(__dirname, '../../.tools/temporal/bin');

/**
 * Finds the server binary: the env variable, then the project's .tools/, then PATH, and last the
 * SDK's own download (which needs internet).
 */
export function resolveServer(kind: ServerKind, env: NodeJS.ProcessEnv = process.env): ResolvedServer {
  const { env: variable, name } = BINARY[kind];
  const fromEnv = env[variable];
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) throw new Error(`${variable}=${fromEnv}: no such executable file`);
    return found(kind, fromEnv, variable);
  }
  const inTools = join(TOOLS_BIN, name);
  if (isExecutableFile(inTools)) return found(kind, inTools, '.tools');
  const onPath = findOnPath(name, env.PATH ?? '');
  if (onPath) return found(kind, onPath, 'PATH');
  return { kind, executable: { type: 'cached-download' }, source: 'SDK download' };
}

function found(kind: ServerKind, path: string, source: string): ResolvedServer {
  return { kind, executable: { type: 'existing-path', path }, source };
}

function findOnPath(name: string, pathVariable: string): string | undefined {
  return pathVariable
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    return statSync(path).isFile() && (statSync(path).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
