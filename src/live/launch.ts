import { resolve } from 'node:path';
import { WatchedProcess, type WatchHooks } from '../util/watched-process';
import type { LocalActivityAnswer } from './local-activities';
import type { ChildMessage, ParentMessage } from './protocol';
import type { LivePoolOptions, TaskAnswer } from './pool';

/** A poll the worker sent to its frontend: which task queue (its kind) in which namespace. */
export interface Poll {
  taskQueue: string;
  sticky: boolean;
  namespace: string;
}

/** One live worker process as its pool holds it (./pool.ts), whatever starts it. */
export interface LaunchedWorker {
  /** It polls its frontend: tasks can be handed to it. */
  readonly ready: boolean;
  /** Killed, or being closed: late answers are the owner's to drop. */
  gone: boolean;
  /** The end of what it wrote, for the line that says why it ended. */
  readonly output: { tail: string };
  /** Its CPU time so far (ms). */
  cpu(): number;
  /** Where its frontend listens: the worker starts polling there. */
  connect(address: string): void;
  /** The frontend saw a poll from it. */
  polled(poll: Poll): void;
  /** The answer to a local activity the worker asked about (the built-in worker only). */
  answerLocalActivity(id: number, answer: LocalActivityAnswer): void;
  /** Kills it as if it died on its own: its owner learns of it through the `exited` hook. */
  abort(): void;
  /** Kills it for good. */
  kill(): void;
  /** Asks it to finish and waits for it to exit. */
  close(): Promise<void>;
}

/** How the pool's worker processes start: the built-in TypeScript worker, or the team's own command (./worker-command.ts). */
export interface WorkerLaunch {
  start(hooks: WatchHooks<ChildMessage>, options: LivePoolOptions): LaunchedWorker;
  /** What the pool hands on of a worker's answer (the team's worker: what it did that the tool had no say in). */
  review?(answer: TaskAnswer): TaskAnswer;
}

/** The built-in worker: a forked tool process (./child.ts) running the SDK's worker on the team's bundle. */
export function builtInWorker(bundleCode: string): WorkerLaunch {
  return { start: (hooks, options) => new BuiltInWorker(bundleCode, hooks, options) };
}

class BuiltInWorker implements LaunchedWorker {
  private readonly process: WatchedProcess<ParentMessage, ChildMessage>;

  constructor(
    private readonly bundleCode: string,
    hooks: WatchHooks<ChildMessage>,
    private readonly options: LivePoolOptions,
  ) {
    this.process = new WatchedProcess(require.resolve('./child'), hooks);
  }

  get ready(): boolean {
    return this.process.ready;
  }

  get gone(): boolean {
    return this.process.gone;
  }

  set gone(gone: boolean) {
    this.process.gone = gone;
  }

  get output(): { tail: string } {
    return this.process.output;
  }

  cpu(): number {
    return this.process.cpu();
  }

  connect(address: string): void {
    const { payloadConverterPath, cachedRuns } = this.options;
    this.process.post({
      type: 'init',
      bundleCode: this.bundleCode,
      address,
      payloadConverterPath: payloadConverterPath && resolve(payloadConverterPath),
      cachedRuns,
    });
  }

  polled(): void {} // it says `ready` itself

  answerLocalActivity(id: number, answer: LocalActivityAnswer): void {
    this.process.post({ type: 'local-activity', id, answer });
  }

  abort(): void {
    this.process.abort();
  }

  kill(): void {
    this.process.kill();
  }

  close(): Promise<void> {
    return this.process.close({ type: 'close' });
  }
}
