import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ownRoot } from './own-version';

/** A tool process (replay or live worker) as its parent holds it. */
export interface ForkedChild {
  child: ChildProcess;
  exited: Promise<void>;
  /** The end of what it wrote to stderr (and fatal messages its parent adds), for the line that says why it died. */
  output: { tail: string };
}

/** The last line a child wrote (its stderr tail), for the one line that says why it ended. */
export function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/**
 * What a forked tool process loads before its script: from a checkout, the tool's swc hook for its
 * own TypeScript (never the project's compiler or tsconfig); always ./child-preload.
 */
export function preloads(): string[] {
  const preload = require.resolve('./child-preload');
  const fromSource = preload.endsWith('.ts') ? ['-r', join(ownRoot(), 'scripts', 'register-source.js')] : [];
  return [...fromSource, '-r', preload];
}

/** Forks a tool script with an IPC channel and a kept tail of stderr. */
export function forkChild(script: string): ForkedChild {
  const child = fork(script, [], {
    execArgv: preloads(),
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const output = { tail: '' };
  child.stderr?.on('data', (chunk: Buffer) => (output.tail = (output.tail + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output };
}
