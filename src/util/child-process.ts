import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ownRoot } from './own-version';

/** A tool process (replay or live worker) as its parent holds it. */
export interface ForkedChild {
  child: ChildProcess;
  exited: Promise<void>;
  /** The end of what it wrote to stderr (and fatal messages its parent adds), for the line that says why it died. */
  output: { tail: string };
  /** A process group of its own (a shell command and what it starts): signals go to the whole group. */
  group?: boolean;
}

const TAIL_CHARS = 2000;

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
  child.stderr?.on('data', (chunk: Buffer) => (output.tail = (output.tail + chunk.toString()).slice(-TAIL_CHARS)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output };
}

/** Process groups started by spawnCommand and not yet gone: killed when this process exits, however it exits. */
const groups = new Set<number>();
let reaping = false;

/**
 * Runs a shell command (the team's own worker) in a process group of its own, with `env` added to
 * this process's environment; what it writes to stdout and stderr is kept as one tail. The group
 * is killed when this process exits, so no worker outlives the run that started it.
 */
export function spawnCommand(command: string, env: Record<string, string>): ForkedChild {
  const child = spawn('/bin/sh', ['-c', command], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { tail: '' };
  const keep = (chunk: Buffer) => (output.tail = (output.tail + chunk.toString()).slice(-TAIL_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid) groups.add(child.pid);
  if (!reaping) {
    reaping = true;
    process.on('exit', () => groups.forEach((pid) => killGroup(pid, 'SIGKILL')));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The shell may be gone while what it started runs on: the group goes with it.
  void exited.then(() => {
    if (child.pid) killGroup(child.pid, 'SIGKILL');
    if (child.pid) groups.delete(child.pid);
  });
  child.once('error', (err) => (output.tail += `\n${err.message}`));
  return { child, exited, output, group: true };
}

/** Sends `signal` to every process of a group (already gone: nothing to do). */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group has no process left
  }
}
