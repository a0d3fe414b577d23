/**
 * Records the Go saga's histories live on the dev server: the project's Go worker
 * (examples/go-tenant-provisioning, go.temporal.io/sdk, built into .tools/go by
 * scripts/install-go-deps.sh) runs the workflow and its in-memory activities; a real failure is an
 * activity that returns InjectedFailure (FAULT_REPLAY_FAIL_ACTIVITIES, read by the worker's
 * recording interceptor).
 *   histories/go-tenant-provisioning/        the reference saga: happy + one real failure a step
 *   test/fixtures/go-saga-variants/histories/ each planted bug (-bugs), live, with a failure at one step
 * Run: npm run record:go [-- <recording name>...]  (then check --worker-command ... --update for the goldens)
 */
import { spawn } from 'node:child_process';
import { PYTHON_VARIANT_NAMES } from './record-python';
import { installedPath, recordAll, workerEnv, workerRecordings } from './record-worker';
import { runScript } from './run-script';

export const GO_HISTORIES = 'histories/go-tenant-provisioning';
export const GO_VARIANTS = 'test/fixtures/go-saga-variants';
/** The planted bugs (the worker's -bugs knobs), the same names as the Python ones, each the twin of one in test/fixtures/saga-variants. */
export const GO_VARIANT_NAMES = PYTHON_VARIANT_NAMES;

/** The Go worker, built by the project's script (prints its path). */
export function goWorker(): string {
  return installedPath('scripts/install-go-deps.sh');
}

async function main(): Promise<void> {
  const worker = goWorker();
  await recordAll(
    'go',
    workerRecordings(GO_HISTORIES, GO_VARIANTS, GO_VARIANT_NAMES),
    (environment, recording, taskQueue) =>
      spawn(worker, recording.bug ? ['-bugs', recording.bug] : [], {
        env: workerEnv(environment, recording, taskQueue),
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
  );
}

if (require.main === module) runScript('record:go', main);
