import { lastLine } from '../util/child-process';
import { LiveRuns, type TaskRequest } from './live-runs';
import { cpuBudgetMs } from '../model/options';
import { Frontend } from './frontend';
import type { LaunchedWorker, WorkerLaunch } from './launch';
import type { LivePoolOptions, TaskAnswer } from './pool';

export interface Task {
  id: number;
  request: TaskRequest;
  resolve(answer: TaskAnswer): void;
  reject(err: Error): void;
}

/** One live worker process of the pool (./pool.ts): its frontend, the runs it holds, and the CPU watchdog over its tasks. */
export class LiveProcess {
  /** The runs this process works on, as its server holds them; the worker polls them through `frontend`. */
  readonly runs = new LiveRuns((taskQueue) => this.frontend.wake(taskQueue));
  private readonly frontend: Frontend;
  private readonly inFlight = new Map<number, Task>();
  /** CPU time (ms, the child's clock) when it last showed progress, and `progress` counts its signs of it. */
  private account = { since: 0, progress: 0, seen: 0 };
  private readonly process: LaunchedWorker;
  /** Tasks sent before the process could take them. */
  private readonly queued: Task[] = [];
  /** Settles once the worker was told where its frontend listens (or could not be). */
  private readonly initSent: Promise<void>;
  readonly started: Promise<void>;
  private markStarted!: () => void;
  private failStart!: (err: Error) => void;

  constructor(
    private readonly launch: WorkerLaunch,
    private readonly options: LivePoolOptions,
    private readonly onDead: (process: LiveProcess, why: string, timedOut: boolean) => void,
  ) {
    this.started = new Promise((resolve, reject) => {
      this.markStarted = resolve;
      this.failStart = reject;
    });
    this.started.catch(() => undefined);
    this.frontend = new Frontend(this.runs, (poll) => this.process.polled(poll));
    this.process = launch.start(
      {
        ready: () => {
          this.markStarted();
          for (const task of this.queued.splice(0)) this.send(task);
        },
        fatal: (message) => this.failStart(new Error(`the live worker does not start: ${message}`)),
        message: (message) =>
          this.process.answerLocalActivity(
            message.id,
            this.runs.localActivity(message.runId, message.activityId, message.activityType, message.call),
          ),
        // The workflows run on the process's one thread: a task that does not yield stops every other. So the
        // clock runs from its last sign of progress (a task answered, or the first one sent), and the
        // budget is the largest deadline of the tasks in hand. Past it, the pool sorts the suspects out, each
        // alone on the quarantine process with its own deadline; a busy process answering many tasks keeps
        // resetting the clock.
        budget: () => this.budget(),
        overdue: (why) => this.stopWatching(why, true),
        exited: (code, signal) =>
          this.died(
            `the worker process exited (${signal ?? `code ${code}`}) running this task: ${lastLine(this.process.output.tail)}`,
          ),
      },
      options,
    );
    this.initSent = this.frontend.listen().then(
      (address) => this.process.connect(address),
      (err: Error) => {
        this.process.output.tail += `\nthe frontend for the worker does not listen: ${err.message}`;
        this.process.abort();
      },
    );
  }

  get tasksUnderWay(): number {
    return this.inFlight.size + this.queued.length;
  }

  get busy(): boolean {
    return this.tasksUnderWay > 0;
  }

  send(task: Task): void {
    if (!this.process.ready) {
      this.queued.push(task);
      return;
    }
    if (this.inFlight.size === 0) this.account.progress++;
    this.inFlight.set(task.id, task);
    this.runs
      .runTask(task.request)
      .catch((err: Error): TaskAnswer => ({ lost: `the task could not be handed to the worker: ${err.message}` }))
      .then((answer) => {
        if (this.process.gone || !this.inFlight.delete(task.id)) return; // the process died: the pool re-runs it
        this.account.progress++;
        task.resolve(this.launch.review ? this.launch.review(answer) : answer);
      });
  }

  forget(runId: string): void {
    this.runs.forget(runId);
  }

  /** The tasks it held, taken away (the process is gone or going). */
  takeHeld(): Task[] {
    const tasks = [...this.inFlight.values(), ...this.queued.splice(0)];
    this.inFlight.clear();
    return tasks;
  }

  async close(): Promise<void> {
    this.process.gone = true;
    await this.initSent; // a worker told to close before it starts would start anyway and never exit
    await this.process.close();
    this.frontend.close();
  }

  kill(): void {
    this.process.kill();
    this.frontend.close();
  }

  private budget(): { since: number; budget: number } | undefined {
    if (this.inFlight.size === 0) return undefined;
    if (this.account.seen !== this.account.progress) {
      this.account.seen = this.account.progress;
      this.account.since = this.process.cpu();
    }
    return { since: this.account.since, budget: Math.max(...[...this.inFlight.values()].map((t) => this.deadline(t))) };
  }

  private deadline(task: Task): number {
    return cpuBudgetMs(this.options.deadlineMs, task.request.events.length);
  }

  private died(why: string): void {
    this.failStart(new Error(`the live worker does not start: ${lastLine(this.process.output.tail)}`));
    if (this.process.gone && !this.busy) return;
    this.process.gone = true;
    this.stopWatching(why, false);
  }

  private stopWatching(why: string, timedOut: boolean): void {
    this.frontend.close();
    this.onDead(this, why, timedOut);
  }
}
