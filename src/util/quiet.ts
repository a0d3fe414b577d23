import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';

/** A logger for the bundler and worker that prints only warnings and errors. */
export function quietLogger(level: LogLevel = 'WARN'): DefaultLogger {
  return new DefaultLogger(level);
}

/** A logger that keeps error messages instead of printing them, to be turned into one line. */
export function collectingLogger(): { logger: DefaultLogger; errors: string[] } {
  const errors: string[] = [];
  const logger = new DefaultLogger('WARN', ({ level, message }) => {
    if (level === 'ERROR') errors.push(message);
  });
  return { logger, errors };
}

let installed = false;
/** The runtime this tool installed (not one the host program did), to shut down when its face is done. */
let ours: Runtime | undefined;

/**
 * Installs the SDK runtime once per process (before any worker or server) with core's logs
 * forwarded to a logger that keeps only errors, or nothing at all for the faces that report
 * failures themselves as one line.
 */
export function installQuietRuntime(level: LogLevel | 'OFF' = 'OFF'): void {
  if (installed) return;
  installed = true;
  const logger = level === 'OFF' ? new DefaultLogger('ERROR', () => undefined) : quietLogger(level);
  try {
    // No shutdown signals: the tool stops its own work on Ctrl-C (the runtime would re-raise the signal and lose the reports).
    ours = Runtime.install({
      logger,
      shutdownSignals: [],
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // A runtime already exists (installed by the host program): keep it.
  }
}

/**
 * Shuts down the runtime installed above once nothing uses it: a live native runtime keeps Node's
 * event loop open, so the mocha faces call this after their suite (mocha then ends without `--exit`).
 * The SDK shuts a runtime down by itself when its last worker or client goes, but never one that
 * had none. The next suite installs a fresh one.
 */
export async function releaseQuietRuntime(): Promise<void> {
  const runtime = ours as (Runtime & { isIdle(): boolean; shutdown(): Promise<void> }) | undefined;
  ours = undefined;
  installed = false;
  if (runtime?.isIdle()) await runtime.shutdown();
}
