import vm from 'node:vm';

/**
 * The `isolateExecutionTimeout` of a worker in debug mode, as the tool runs its workers (~49 days,
 * the SDK's default there since 1.x): it marks the calls into the workflow sandbox that
 * `dropSandboxWatchdog` runs without a timeout. An SDK that gave another value would keep its
 * watchdog: slower, nothing else.
 */
export const UNWATCHED_TIMEOUT_MS = 4_294_967_295;

let dropped = false;

/**
 * Node starts and joins a watchdog thread for every vm call made with a `timeout`, and the SDK
 * makes every call into the workflow sandbox with one. The tool's worker processes are watched
 * from outside in CPU time instead (src/live/pool.ts, src/replay/session.ts: a workflow that does
 * not yield is killed with its process), so in them, and only for calls carrying
 * UNWATCHED_TIMEOUT_MS, the timeout is left out. Nothing else about the call changes: Node runs
 * the sandbox's microtasks before it returns, with or without a timeout.
 */
export function dropSandboxWatchdog(): void {
  if (dropped) return;
  dropped = true;
  const runInContext = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function (
    this: vm.Script,
    context: vm.Context,
    options?: vm.RunningScriptOptions,
  ) {
    return runInContext.call(
      this,
      context,
      options?.timeout === UNWATCHED_TIMEOUT_MS ? { ...options, timeout: undefined } : options,
    );
  };
}

interface SdkGlobalHandlers {
  stopPromiseHook?: () => void;
  promiseHookInstalled?: boolean;
}

/**
 * The SDK installs a promise hook, once its worker is created, that records a stack trace for
 * every promise, only to answer the `__stack_trace` query, which the tool never sends; in a worker
 * that runs workflows on its main thread (debug mode, and every replay worker) it runs for every
 * promise of the process. Stopped here; error stack traces (another hook) are left as they are.
 * An SDK version without these internals is left alone.
 */
export function stopStackTraceHook(): void {
  let handlers: SdkGlobalHandlers | undefined;
  try {
    handlers = require('@temporalio/worker/lib/workflow/vm-shared').globalHandlers;
  } catch {
    return;
  }
  if (typeof handlers?.stopPromiseHook !== 'function') return;
  handlers.stopPromiseHook();
  // Later runs then say stack traces are off (SDK ≥ 1.14) instead of answering the query with none.
  if ('promiseHookInstalled' in handlers) handlers.promiseHookInstalled = false;
}
