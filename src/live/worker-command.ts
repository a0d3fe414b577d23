import { lastLine, spawnCommand } from '../util/child-process';
import { WatchedProcess, type WatchHooks } from '../util/watched-process';
import type { LaunchedWorker, Poll, WorkerLaunch } from './launch';
import { WORKER_TASK_QUEUE } from './live-runs';
import type { ChildMessage } from './protocol';
import type { TaskAnswer } from './pool';
import { localActivityData } from '../steps/local-activity-steps';

/** The namespace the tool's frontend serves. */
export const WORKER_NAMESPACE = 'default';

/** How long the team's worker may take from its start to its first poll. */
const START_MS = 120_000;
/** How long a worker asked to stop (SIGTERM) may take before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * What the team's worker command is told, as environment variables and as `{name}` in the command:
 * where the frontend listens, and the namespace and task queue it must poll.
 */
export function workerEnvironment(address: string): Record<string, string> {
  return {
    FAULT_REPLAY_ADDRESS: address,
    FAULT_REPLAY_NAMESPACE: WORKER_NAMESPACE,
    FAULT_REPLAY_TASK_QUEUE: WORKER_TASK_QUEUE,
  };
}

/** `{address}`, `{namespace}` and `{taskQueue}` in the command, each a single-quoted shell word. */
export function expandWorkerCommand(command: string, address: string): string {
  const values: Record<string, string> = { address, namespace: WORKER_NAMESPACE, taskQueue: WORKER_TASK_QUEUE };
  return command.replace(
    /\{(address|namespace|taskQueue)\}/g,
    (_, name: string) => `'${values[name].replace(/'/g, `'\\''`)}'`,
  );
}

/**
 * The team's own worker (`--worker-command`), in any SDK: a shell command started once its
 * frontend listens, told where in FAULT_REPLAY_* (workerEnvironment). It is ready at its first poll
 * of the task queue; a poll of another queue or namespace, or none within START_MS, is one line.
 */
export function commandWorker(command: string): WorkerLaunch {
  return { start: (hooks) => new CommandWorker(command, hooks), review: ownLocalActivities };
}

/**
 * A local activity the team's worker ran live (core runs them in the worker, with the team's own
 * activity code): the tool could neither answer nor fault it, so the path from there is not the
 * tool's to judge. The scenario is could-not-run with the reason (a recorded one replays from its marker).
 */
function ownLocalActivities(answer: TaskAnswer): TaskAnswer {
  if (!('completed' in answer)) return answer;
  const ran = (answer.completed.commands ?? [])
    .map(
      (command) =>
        command.recordMarkerCommandAttributes &&
        localActivityData({ markerRecordedEventAttributes: command.recordMarkerCommandAttributes }),
    )
    .find(Boolean);
  if (!ran) return answer;
  return {
    ...answer,
    unknown: `local activity ${ran.activity_type} ran in your worker (--worker-command), with your code: the tool can neither answer nor fault it there, so this path is not checked`,
  };
}

class CommandWorker implements LaunchedWorker {
  private process?: WatchedProcess<never, ChildMessage>;
  private ownGone = false;
  private readonly ownOutput = { tail: '' };
  private startTimer?: NodeJS.Timeout;

  constructor(
    private readonly command: string,
    private readonly hooks: WatchHooks<ChildMessage>,
  ) {}

  get ready(): boolean {
    return this.process?.ready ?? false;
  }

  get gone(): boolean {
    return this.process?.gone ?? this.ownGone;
  }

  set gone(gone: boolean) {
    this.ownGone = gone;
    if (this.process) this.process.gone = gone;
  }

  get output(): { tail: string } {
    return this.process?.output ?? this.ownOutput;
  }

  cpu(): number {
    return this.process?.cpu() ?? 0;
  }

  connect(address: string): void {
    if (this.ownGone) return;
    const started = spawnCommand(expandWorkerCommand(this.command, address), workerEnvironment(address));
    started.output.tail = this.ownOutput.tail + started.output.tail;
    this.process = new WatchedProcess<never, ChildMessage>(started, {
      ...this.hooks,
      exited: (code, signal) => {
        clearTimeout(this.startTimer);
        if (!this.ready && !this.gone) {
          const said = lastLine(this.output.tail);
          this.output.tail += `\nthe worker command exited (${signal ?? `code ${code}`}) before it polled${said ? `: ${said}` : ''}`;
        }
        this.hooks.exited(code, signal);
      },
    });
    this.startTimer = setTimeout(
      () =>
        this.refuse(
          `the worker command did not poll task queue ${WORKER_TASK_QUEUE} within ${START_MS / 1000} s (does it read FAULT_REPLAY_ADDRESS, FAULT_REPLAY_NAMESPACE and FAULT_REPLAY_TASK_QUEUE?)`,
        ),
      START_MS,
    );
    this.startTimer.unref();
  }

  polled(poll: Poll): void {
    if (this.ready || !this.process || poll.sticky) return;
    if (poll.taskQueue !== WORKER_TASK_QUEUE || poll.namespace !== WORKER_NAMESPACE) {
      return this.refuse(
        `the worker command polls task queue ${poll.taskQueue} in namespace ${poll.namespace}: it must poll $FAULT_REPLAY_TASK_QUEUE (${WORKER_TASK_QUEUE}) in $FAULT_REPLAY_NAMESPACE (${WORKER_NAMESPACE})`,
      );
    }
    clearTimeout(this.startTimer);
    this.process.markReady();
  }

  answerLocalActivity(): void {} // the team's worker runs its local activities itself

  abort(): void {
    if (this.process) this.process.abort();
    else this.hooks.exited(null, 'SIGKILL');
  }

  kill(): void {
    this.gone = true;
    clearTimeout(this.startTimer);
    this.process?.kill();
  }

  async close(): Promise<void> {
    this.gone = true;
    clearTimeout(this.startTimer);
    await this.process?.terminate(STOP_GRACE_MS);
  }

  /** It cannot be used: the line goes where a dying worker's last words go, and it is stopped. */
  private refuse(line: string): void {
    this.output.tail += `\n${line}`;
    this.hooks.fatal?.(line);
    this.process?.abort();
  }
}
