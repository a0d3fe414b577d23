import { resolve } from 'node:path';
import { encodeHistory } from '../history/encoded';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { History } from '../history/events';
import { lastLine } from '../util/child-process';
import { WatchedProcess } from '../util/watched-process';
import type { ObserverEvent } from './activations';
import type { ReplayError } from './errors';
import type { ChildMessage, ParentMessage } from './protocol';
import { cpuBudgetMs, type ProcessOptions } from '../model/options';

export type { WorkflowCommand } from './activations';
export type { ReplayErrorKind } from './errors';

export interface ReplayOutcome {
  /** What the observer saw, activation by activation (see activations.ts). */
  events: ObserverEvent[];
  error?: ReplayError;
  /** Wall time the replay took in its process (an upper bound on the CPU time of any one of its tasks). */
  ms?: number;
  /** With `coverage`: the bundle's functions the replay ran (and loading the bundle ran), as [start, end) offsets in its code. */
  executed?: Array<[number, number]>;
}

/** The team's payload converter module; CPU time one replay may take (plus 2 ms an event) before its code is called stuck in a loop; replay processes side by side. */
export type ReplaySessionOptions = ProcessOptions & { coverage?: boolean };

/** Replays sent ahead to one process: enough to keep it busy, few enough to resend after a kill. */
const PIPELINE = 4;

interface Pending {
  id: number;
  bytes: Uint8Array;
  events: number;
  workflowId: string;
  resolve(outcome: ReplayOutcome): void;
  reject(err: unknown): void;
}

/**
 * Replays histories in separate processes (child.ts), each running one SDK replay worker. A replay
 * that outlives its deadline is a workflow that does not yield: its process is killed, the replay
 * answered as a failed workflow task, and the others it held are sent again to a fresh process.
 */
export class ReplaySession {
  private readonly queue: Pending[] = [];
  private readonly processes: ReplayProcess[];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly bundle: WorkflowBundleWithSourceMap,
    private readonly options: ReplaySessionOptions,
  ) {
    this.processes = Array.from({ length: options.workers }, () => this.spawn());
  }

  replay(history: History, workflowId: string): Promise<ReplayOutcome> {
    return this.replayEncoded(encodeHistory(history.events ?? []), history.events?.length ?? 0, workflowId);
  }

  /** A history already encoded (its events' count sets the deadline). */
  replayEncoded(bytes: Uint8Array, events: number, workflowId: string): Promise<ReplayOutcome> {
    if (this.closed) return Promise.reject(new Error('replay session is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, events, workflowId, resolve, reject });
      this.dispatch();
    });
  }

  /** Waits for the replays under way, then stops every process. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.processes.map((process) => process.close()));
  }

  /** Stops at once (Ctrl-C): replays under way and queued are rejected. */
  kill(): void {
    this.closed = true;
    const stopped = new Error('replay session stopped');
    for (const process of this.processes) {
      process.kill();
      for (const pending of process.inFlight.splice(0)) pending.reject(stopped);
    }
    for (const pending of this.queue.splice(0)) pending.reject(stopped);
  }

  private spawn(): ReplayProcess {
    return new ReplayProcess(
      this.bundle.code,
      this.options,
      () => this.dispatch(),
      (process) => this.replace(process),
    );
  }

  private dispatch(): void {
    for (;;) {
      const process = this.processes
        .filter((p) => p.inFlight.length < PIPELINE)
        .sort((a, b) => a.inFlight.length - b.inFlight.length)[0];
      const next = process && this.queue.shift();
      if (!next) return;
      process.send(next);
    }
  }

  /** A process killed by the watchdog (or dead): its other replays go back to the front of the queue. */
  private replace(dead: ReplayProcess): void {
    const index = this.processes.indexOf(dead);
    this.queue.unshift(...dead.inFlight.splice(0));
    if (this.closed && this.queue.length === 0) return;
    this.processes[index] = this.spawn();
    this.dispatch();
  }
}

class ReplayProcess {
  readonly inFlight: Pending[] = [];
  private readonly process: WatchedProcess<ParentMessage, ChildMessage>;
  /** CPU time (the child's clock) when the replay at the head of its queue started. */
  private headSince = 0;

  constructor(
    bundleCode: string,
    private readonly options: ReplaySessionOptions,
    private readonly onIdle: () => void,
    private readonly onDead: (process: ReplayProcess) => void,
  ) {
    this.process = new WatchedProcess(require.resolve('./child'), {
      // The watchdog counts from the moment the process can replay: starting it is not the workflow's time.
      ready: () => (this.headSince = this.process.cpu()),
      message: (message) => this.receive(message),
      budget: () => (this.inFlight[0] ? { since: this.headSince, budget: this.deadline(this.inFlight[0]) } : undefined),
      overdue: (why) =>
        this.inFlight.shift()?.resolve({ events: [], error: { kind: 'workflow-task-failed', message: why } }),
      exited: (code, signal) => this.died(code, signal),
    });
    const payloadConverterPath = options.payloadConverterPath && resolve(options.payloadConverterPath);
    this.process.post({ type: 'init', bundleCode, payloadConverterPath, coverage: options.coverage });
  }

  send(pending: Pending): void {
    if (this.inFlight.length === 0) this.headSince = this.process.cpu();
    this.inFlight.push(pending);
    this.process.post({ type: 'replay', id: pending.id, history: pending.bytes, workflowId: pending.workflowId });
  }

  close(): Promise<void> {
    return this.process.close({ type: 'close' });
  }

  kill(): void {
    this.process.kill();
  }

  private deadline(pending: Pending): number {
    return cpuBudgetMs(this.options.deadlineMs, pending.events);
  }

  private receive(message: Extract<ChildMessage, { type: 'result' }>): void {
    // An answer for a replay the watchdog already answered (the process was being killed) is dropped.
    if (this.process.gone || this.inFlight[0]?.id !== message.id) return;
    const pending = this.inFlight.shift()!;
    this.headSince = this.process.cpu();
    pending.resolve({ events: message.events, error: message.error, ms: message.ms, executed: message.executed });
    this.onIdle();
  }

  private died(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.process.gone && this.inFlight.length > 0) {
      const why = `replay process exited (${signal ?? `code ${code}`}): ${lastLine(this.process.output.tail)}`;
      for (const pending of this.inFlight.splice(0)) pending.reject(new Error(why));
    }
    this.process.gone = true;
    this.onDead(this);
  }
}
