import type { ChildProcess } from 'node:child_process';
import { forkChild, killGroup, type ForkedChild } from './child-process';
import { cpuClock, treeCpuClock } from './cpu-clock';

/** How often the watchdog reads a process's CPU time. */
const WATCH_EVERY_MS = 100;

/** The line for workflow code that never yields: the same whether a replay or a live task hit it. */
export function didNotYield(budgetMs: number): string {
  return `the workflow did not yield within ${(budgetMs / 1000).toFixed(1)} s of CPU time (a busy loop or a deadlock in workflow code; change the bound with --deadline)`;
}

/** What the owner of a watched process (a replay or a live worker) decides. */
export interface WatchHooks<C> {
  /** A message from the child other than `ready` and `fatal`, which the watched process handles. */
  message(message: Exclude<C, { type: 'ready' } | { type: 'fatal' }>): void;
  /** The child can take work: CPU time counts from now. */
  ready?(): void;
  /** The child reported why it cannot go on (the line is also kept in its output tail). */
  fatal?(message: string): void;
  /**
   * The work in hand and its CPU budget: `since` (the child's CPU clock, ms) and `budget` (ms);
   * undefined when idle. Past it the work does not yield: the process is killed and `overdue` told.
   */
  budget(): { since: number; budget: number } | undefined;
  overdue(why: string): void;
  /** The process exited (on its own, or killed by its owner). */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * One tool process (replay or live worker) as its pool holds it: forked with an IPC channel (or
 * the team's own worker command, in a process group of its own), its stderr tail kept for the line
 * that says why it ended, and a watchdog on its own CPU time (a busy machine only stretches the
 * wall clock; a loop burns CPU), which kills it when the owner's budget for the work in hand is spent.
 */
export class WatchedProcess<P extends { type: string }, C extends { type: string }> {
  ready = false;
  /** Killed, or being closed: late answers are the owner's to drop. */
  gone = false;
  private readonly forked: ForkedChild;
  private readonly watchdog: NodeJS.Timeout;

  /** A tool script to fork, or a process already started (src/util/child-process.ts). */
  constructor(
    script: string | ForkedChild,
    private readonly hooks: WatchHooks<C>,
  ) {
    this.forked = typeof script === 'string' ? forkChild(script) : script;
    this.child.on('message', (message: C) => this.receive(message));
    this.child.once('exit', (code, signal) => {
      clearInterval(this.watchdog);
      this.hooks.exited(code, signal);
    });
    this.watchdog = setInterval(() => this.check(), WATCH_EVERY_MS);
    this.watchdog.unref();
  }

  /** The end of what it wrote to stderr, and the fatal lines it sent. */
  get output(): ForkedChild['output'] {
    return this.forked.output;
  }

  get exited(): Promise<void> {
    return this.forked.exited;
  }

  post(message: P): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Its CPU time so far (ms): with the processes it started, for a process group of its own. */
  cpu(): number {
    return this.forked.group ? treeCpuClock(this.child.pid) : cpuClock(this.child.pid);
  }

  /** It can take work (a process with no IPC channel says so another way): CPU time counts from now. */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.hooks.ready?.();
  }

  /** Kills it for good: its owner expects nothing more from it. */
  kill(): void {
    this.gone = true;
    clearInterval(this.watchdog);
    this.signal('SIGKILL');
  }

  /** Kills it as if it died on its own: its owner learns of it through `exited`. */
  abort(): void {
    this.signal('SIGKILL');
  }

  /** Asks it to stop (SIGTERM), as a process manager would; past `graceMs` it is killed. */
  async terminate(graceMs: number): Promise<void> {
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.forked.group && this.child.pid) killGroup(this.child.pid, signal);
    else this.child.kill(signal);
  }

  /** Asks it to finish (`{ type: 'close' }`) and waits for it to exit. */
  async close(closing: P): Promise<void> {
    this.post(closing);
    await this.exited;
  }

  private get child(): ChildProcess {
    return this.forked.child;
  }

  private receive(message: C): void {
    if (message.type === 'ready') {
      this.markReady();
    } else if (message.type === 'fatal') {
      const line = String((message as C & { message?: unknown }).message);
      this.output.tail += `\n${line}`;
      this.hooks.fatal?.(line);
    } else {
      this.hooks.message(message as Exclude<C, { type: 'ready' } | { type: 'fatal' }>);
    }
  }

  private check(): void {
    if (!this.ready || this.gone) return;
    const work = this.hooks.budget();
    if (!work || this.cpu() - work.since <= work.budget) return;
    this.kill();
    this.hooks.overdue(didNotYield(work.budget));
  }
}
