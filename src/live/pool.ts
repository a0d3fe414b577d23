import type { TaskRequest } from './live-runs';
import type { LocalActivityCall } from '../model/observation';
import type { ProcessOptions } from '../model/options';
import type { TaskCompletion, TaskFailure } from './frontend';
import type { WorkerLaunch } from './launch';
import { LiveProcess, type Task } from './live-process';

/** The worker's answer, or why no worker could give one (its code never yields, or crashed the worker). */
/** `invented`: local activities the worker ran live with no known result (answered with none). */
/** `localCalls`: what the worker saw of each local activity it ran in the task, by activity id (core's sequence number). */
export type TaskAnswer = (
  { completed: TaskCompletion } | { failed: TaskFailure } | { timedOut: string } | { lost: string }
) & {
  invented?: string[];
  localCalls?: Record<string, LocalActivityCall>;
  unknown?: string;
};

/** The team's payload converter; CPU time one task may take (plus 2 ms an event) before its code is called stuck in a loop; worker processes side by side. */
export interface LivePoolOptions extends ProcessOptions {
  /** Runs each worker keeps in its cache (at least the scenarios in flight). */
  cachedRuns: number;
}

/**
 * Live worker processes (the built-in ./child.ts, or the team's own command: ./launch.ts), each
 * polling its own frontend in this process (./live-runs.ts).
 * A run stays on one process, so its workflow stays cached there and each task sends only the new
 * events. A process whose task outlives its CPU deadline is killed, or may die on its own; the
 * tasks it held are suspects and run again one at a time on a quarantine process, where the one
 * that does it again is the workflow that does not yield. The innocent ones go on from a fresh
 * worker, as after a real worker restart.
 */
export class LivePool {
  private readonly processes: LiveProcess[];
  private quarantine?: LiveProcess;
  /** Started after the first death, so that the next replacement is already warm. */
  private spare?: LiveProcess;
  private readonly suspects: Task[] = [];
  private readonly home = new Map<string, LiveProcess>();
  /** Replaced because each held open a run followed again: they finish their own runs, then close. */
  private readonly retiring = new Set<LiveProcess>();
  private nextId = 1;
  private closed = false;
  /** Worker processes replaced so far (killed by the watchdog, or died): each costs its runs a replay from the start. */
  restarts = 0;
  /** Tasks run again alone on the quarantine process, to find which of those a killed process held does not yield. */
  suspectsRerun = 0;

  constructor(
    private readonly launch: WorkerLaunch,
    private readonly options: LivePoolOptions,
  ) {
    this.processes = Array.from({ length: options.workers }, () => this.spawn());
  }

  runTask(request: TaskRequest): Promise<TaskAnswer> {
    if (this.closed) return Promise.reject(new Error('live workers stopped'));
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.nextId++, request, resolve, reject };
      const process = this.home.get(request.runId) ?? this.freshFor(request.runId);
      this.home.set(request.runId, process);
      process.send(task);
    });
  }

  forget(runId: string): void {
    const process = this.home.get(runId);
    process?.forget(runId);
    this.home.delete(runId);
    if (process && this.retiring.has(process) && ![...this.home.values()].includes(process)) {
      this.retiring.delete(process);
      void process.close();
    }
  }

  /**
   * The process a new run goes to: one that does not hold it open from an earlier follow of the same
   * run id (its cache would go on from where that follow stopped). If every process may, the least
   * busy is replaced: it finishes the runs it has, then closes.
   */
  private freshFor(runId: string): LiveProcess {
    const clean = this.processes.filter((process) => !process.runs.mayHold(runId));
    if (clean.length) return this.leastBusy(clean);
    const stale = this.leastBusy(this.processes);
    this.processes[this.processes.indexOf(stale)] = this.replacement();
    if ([...this.home.values()].includes(stale)) this.retiring.add(stale);
    else void stale.close();
    return this.freshFor(runId);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all().map((process) => process.close()));
  }

  /** Stops at once (Ctrl-C): tasks under way are rejected. */
  kill(): void {
    this.closed = true;
    const stopped = new Error('live workers stopped');
    for (const process of this.all()) {
      process.kill();
      for (const task of process.takeHeld()) task.reject(stopped);
    }
    for (const task of this.suspects.splice(0)) task.reject(stopped);
  }

  private leastBusy(processes: LiveProcess[] = this.processes): LiveProcess {
    // Fewest tasks under way first: a process stuck in a loop gets no new run while the others can take it.
    return [...processes].sort((a, b) => a.tasksUnderWay - b.tasksUnderWay || a.runs.size - b.runs.size)[0];
  }

  /** Resolves once the first worker process can take tasks; rejects with its reason when none can start. */
  started(): Promise<void> {
    return this.processes[0].started;
  }

  private all(): LiveProcess[] {
    return [...this.processes, ...this.retiring, this.quarantine, this.spare].filter(
      (process) => process !== undefined,
    );
  }

  private spawn(): LiveProcess {
    return new LiveProcess(this.launch, this.options, (dead, why, timedOut) =>
      this.died(dead, timedOut ? { timedOut: why } : { lost: why }),
    );
  }

  /** The spare (or a new process), and a new spare behind it. */
  private replacement(): LiveProcess {
    const process = this.spare ?? this.spawn();
    this.spare = this.spawn();
    return process;
  }

  private died(dead: LiveProcess, why: { timedOut: string } | { lost: string }): void {
    const held = dead.takeHeld();
    const isolated = dead === this.quarantine;
    for (const [runId, process] of this.home) if (process === dead) this.home.delete(runId);
    if (dead === this.spare) this.spare = undefined;
    else if (isolated) this.quarantine = undefined;
    else if (this.retiring.delete(dead)) this.restarts++;
    else {
      const index = this.processes.indexOf(dead);
      this.restarts++;
      if (!this.closed) this.processes[index] = this.replacement();
    }
    // Alone on its process (the quarantine, or a pool process that held nothing else), a task that ran out of
    // time is the culprit; otherwise each task it held is a suspect.
    if (isolated || ('timedOut' in why && held.length === 1)) held.forEach((task) => task.resolve(why));
    else this.suspects.push(...held);
    this.nextSuspect();
  }

  /** Suspects run one at a time on the quarantine process; once cleared, a run goes back to the pool. */
  private nextSuspect(): void {
    if (this.closed || this.quarantine?.busy) return;
    const task = this.suspects.shift();
    if (!task) return;
    this.quarantine ??= this.replacement();
    this.suspectsRerun++;
    const quarantine = this.quarantine;
    quarantine.send({
      ...task,
      resolve: (answer) => {
        quarantine.forget(task.request.runId);
        task.resolve(answer);
        this.nextSuspect();
      },
    });
  }
}
