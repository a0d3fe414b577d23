import { Context, type Info } from '@temporalio/activity';
import type { RetryPolicy } from '@temporalio/common';
import { msOptionalToNumber } from '@temporalio/common/lib/time';
import type { LocalActivityCall, LocalActivityOptions } from '../model/observation';
import { NativeConnection, Worker } from '@temporalio/worker';
import { actOn, type LocalActivityAnswer } from './local-activities';
import { WORKER_TASK_QUEUE } from './live-runs';
import { installQuietRuntime } from '../util/quiet';
import { dropSandboxWatchdog, stopStackTraceHook } from '../util/sandbox-costs';

const NAMESPACE = 'default';

export interface LiveWorkerOptions {
  /** The frontend of the run's process (`host:port`) that hands out this worker's tasks (./live-runs.ts). */
  address: string;
  /** The team's payload converter module (as `dataConverter.payloadConverterPath`). */
  payloadConverterPath?: string;
  /** Runs held in the worker's cache at once (at least the scenarios in flight). */
  cachedRuns: number;
  /** How a local activity the workflow runs live answers (the run's process knows its history and fault). */
  askLocalActivity(
    runId: string,
    activityId: string,
    activityType: string,
    call: LocalActivityCall,
  ): Promise<LocalActivityAnswer>;
}

/**
 * The SDK's own worker, running the team's workflow code as it runs in production, against the
 * tool's frontend: each workflow task of a scenario is a real task of a real worker. `isReplaying`
 * and `patched()` are what they are live.
 */
export class LiveWorker {
  private constructor(
    private readonly worker: Worker,
    private readonly connection: NativeConnection,
    private readonly running: Promise<void>,
  ) {}

  static async start(bundle: { code: string }, options: LiveWorkerOptions): Promise<LiveWorker> {
    installQuietRuntime();
    dropSandboxWatchdog();
    // Loopback: compressing each call costs CPU and saves nothing (an option since SDK 1.14; older ones ignore it).
    const connection = await NativeConnection.connect({
      address: options.address,
      grpcCompression: { codec: 'none' },
    } as Parameters<typeof NativeConnection.connect>[0]);
    const worker = await Worker.create({
      connection,
      namespace: NAMESPACE,
      taskQueue: WORKER_TASK_QUEUE,
      workflowBundle: { code: bundle.code },
      maxCachedWorkflows: options.cachedRuns,
      // The workflows run on this process's main thread, as in the SDK's replay worker (no hop to a
      // workflow thread and back each task), and with its timeout, which dropSandboxWatchdog leaves
      // out: the pool watches this process's CPU time.
      debugMode: true,
      ...(options.payloadConverterPath
        ? { dataConverter: { payloadConverterPath: options.payloadConverterPath } }
        : {}),
      // Local activities run in the worker, as core runs them; none is polled from a queue.
      activities: {
        default: async (...args: unknown[]) => {
          const info = Context.current().info;
          const call = { args, options: localActivityOptions(info) };
          return actOn(
            await options.askLocalActivity(
              info.workflowExecution?.runId ?? '',
              info.activityId,
              info.activityType,
              call,
            ),
            info.activityType,
          );
        },
      },
      enableNonLocalActivities: false,
      // The bundle's observer (for the replays) reports here too: taken and dropped (a bare function
      // would be no sink: each call would throw inside the SDK and be logged, every activation).
      sinks: { faultReplayObserver: { started: { fn: ignore }, concluded: { fn: ignore }, threw: { fn: ignore } } },
    });
    stopStackTraceHook();
    return new LiveWorker(worker, connection, worker.run());
  }

  async shutdown(): Promise<void> {
    this.worker.shutdown();
    await this.running.catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

function ignore(): void {}

/** The call's options as core hands them to the worker: its timeouts and (SDK 1.22+) its retry policy, as goldens show them. */
function localActivityOptions(info: Info): LocalActivityOptions {
  const text = (ms: number | undefined) => (ms ? `${Number((ms / 1000).toFixed(6))}s` : undefined);
  const options: LocalActivityOptions = {};
  const startToClose = text(info.startToCloseTimeoutMs);
  const scheduleToClose = text(info.scheduleToCloseTimeoutMs);
  if (startToClose) options.startToClose = startToClose;
  if (scheduleToClose) options.scheduleToClose = scheduleToClose;
  const policy = (info as Info & { retryPolicy?: RetryPolicy }).retryPolicy;
  if (policy) {
    const retry: Record<string, unknown> = {};
    const initial = text(msOptionalToNumber(policy.initialInterval));
    const maximum = text(msOptionalToNumber(policy.maximumInterval));
    if (initial) retry.initialInterval = initial;
    if (policy.backoffCoefficient) retry.backoffCoefficient = policy.backoffCoefficient;
    if (maximum) retry.maximumInterval = maximum;
    if (policy.maximumAttempts) retry.maximumAttempts = policy.maximumAttempts;
    if (policy.nonRetryableErrorTypes?.length) retry.nonRetryableErrorTypes = [...policy.nonRetryableErrorTypes];
    if (Object.keys(retry).length) options.retry = retry;
  }
  return options;
}
