/**
 * A replay process: replays the histories its parent sends, one at a time, on one replay worker,
 * and sends back each one's observer events and error. It runs apart so that the parent can kill
 * it when workflow code never yields (the replayer itself cannot be stopped from inside).
 */
import { performance } from 'node:perf_hooks';
import { temporal } from '@temporalio/proto';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import type { ObserverEvent } from './activations';
import { classifyReplayError } from './errors';
import { installQuietRuntime } from '../util/quiet';
import { dropSandboxWatchdog, stopStackTraceHook } from '../util/sandbox-costs';
import type { ChildMessage, ParentMessage } from './protocol';
import { BundleCoverage } from './coverage';

const queue: Array<Extract<ParentMessage, { type: 'replay' }>> = [];
let wake: (() => void) | undefined;
let closing = false;
let events: ObserverEvent[] = [];
/** When each replay was handed to the replayer, and when the last one ended: a replay's time is from the later of the two. */
const yieldedAt = new Map<number, number>();
let lastEnded = 0;
/** With --narrow-keys: the bundle's functions each replay runs (and what loading the bundle ran, added to each). */
let coverage: BundleCoverage | undefined;
let loaded: Array<[number, number]> = [];

function send(message: ChildMessage): void {
  process.send!(message);
}

/**
 * A history of a workflow type no bundle exports: replaying it first creates the replay worker and
 * loads the bundle, so that the parent's watchdog, which starts at `ready`, times workflow code only.
 */
const WARM_UP = temporal.api.history.v1.History.fromObject({
  events: [
    {
      eventId: 1,
      eventTime: { seconds: 1 },
      eventType: 1,
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: '__fault_replay_warm_up__' },
        taskQueue: { name: 'warm-up' },
      },
    },
    {
      eventId: 2,
      eventTime: { seconds: 1 },
      eventType: 5,
      workflowTaskScheduledEventAttributes: { taskQueue: { name: 'warm-up' } },
    },
    {
      eventId: 3,
      eventTime: { seconds: 1 },
      eventType: 6,
      workflowTaskStartedEventAttributes: { scheduledEventId: 2 },
    },
  ],
});

async function* feed(inFlight: number[]) {
  inFlight.push(0);
  yield { history: WARM_UP, workflowId: 'warm-up' };
  for (;;) {
    const next = queue.shift();
    if (next) {
      inFlight.push(next.id);
      await coverage?.take(); // what ran since the last replay's result is not this replay's
      yieldedAt.set(next.id, performance.now());
      yield { history: temporal.api.history.v1.History.decode(next.history), workflowId: next.workflowId };
      continue;
    }
    if (closing) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

const observe = (kind: ObserverEvent['kind']) => ({
  fn: (info: { unsafe: { isReplaying: boolean }; historyLength: number }, ...args: unknown[]) => {
    const replaying = info.unsafe.isReplaying;
    if (kind === 'started') events.push({ kind, replaying });
    if (kind === 'concluded') {
      const decided = args[2] as string[] | undefined;
      events.push({
        kind,
        replaying,
        commands: args[0] as never,
        usedFlags: args[1] as number[],
        historyLength: info.historyLength,
        ...(decided?.length ? { replayDecided: decided } : {}),
      });
    }
    if (kind === 'threw') events.push({ kind, replaying, error: args[0] as never });
  },
  callDuringReplay: true,
});

async function run(init: Extract<ParentMessage, { type: 'init' }>): Promise<void> {
  installQuietRuntime();
  dropSandboxWatchdog(); // a replay worker runs in debug mode: its timeout is UNWATCHED_TIMEOUT_MS
  const options: ReplayWorkerOptions = {
    workflowBundle: { code: init.bundleCode },
    ...(init.payloadConverterPath ? { dataConverter: { payloadConverterPath: init.payloadConverterPath } } : {}),
    sinks: {
      faultReplayObserver: { started: observe('started'), concluded: observe('concluded'), threw: observe('threw') },
    } as never,
  };
  if (init.coverage) {
    coverage = new BundleCoverage();
    await coverage.start();
  }
  const inFlight: number[] = [];
  for await (const result of Worker.runReplayHistories(options, feed(inFlight))) {
    const id = inFlight.shift()!;
    const observed = events;
    events = [];
    const executed = await coverage?.take();
    if (id === 0) {
      loaded = executed ?? [];
      stopStackTraceHook(); // installed with the replay worker, by the warm-up
      send({ type: 'ready' });
      continue;
    }
    const error = result.error ? classifyReplayError(result.error) : undefined;
    const ended = performance.now();
    const ms = ended - Math.max(yieldedAt.get(id) ?? ended, lastEnded);
    yieldedAt.delete(id);
    lastEnded = ended;
    send({
      type: 'result',
      id,
      events: observed,
      error,
      ms,
      ...(executed ? { executed: [...loaded, ...executed] } : {}),
    });
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    run(message).then(
      () => process.exit(0),
      (err) => {
        send({ type: 'fatal', message: String((err as Error)?.message ?? err) });
        process.exit(1);
      },
    );
  } else if (message.type === 'replay') {
    queue.push(message);
    wake?.();
  } else if (message.type === 'close') {
    closing = true;
    wake?.();
  }
});
process.on('disconnect', () => process.exit(0));
