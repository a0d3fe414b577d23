/**
 * Records the Python saga's histories live on the dev server: the project's Python worker
 * (examples/python-tenant-provisioning/worker.py, temporalio from PyPI in .tools/python-venv) runs
 * the workflow and its in-memory activities; a real failure is an activity that raises
 * InjectedFailure (FAULT_REPLAY_FAIL_ACTIVITIES, read by the worker's recording interceptor).
 *   histories/python-tenant-provisioning/        the reference saga: happy + one real failure a step
 *   test/fixtures/python-saga-variants/histories/ each planted bug, live, with a failure at one step
 * Run: npm run record:python [-- <recording name>...]  (then check --worker-command ... --update for the goldens)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installedPath, recordAll, workerEnv, workerRecordings } from './record-worker';
import { runScript } from './run-script';

export { VARIANT_FAILING_STEP } from './record-worker';
export const PYTHON_EXAMPLE = 'examples/python-tenant-provisioning';
export const PYTHON_HISTORIES = 'histories/python-tenant-provisioning';
export const PYTHON_VARIANTS = 'test/fixtures/python-saga-variants';
/** The planted bugs (modules of PYTHON_VARIANTS), each the twin of one in test/fixtures/saga-variants. */
export const PYTHON_VARIANT_NAMES = [
  'missing_compensation',
  'forward_order',
  'parallel_undos',
  'not_awaited',
  'swallow_error',
  'throw_in_compensation',
];

/** The venv's python, installed by the project's script (prints its path). */
export function venvPython(): string {
  return installedPath('scripts/install-python.sh');
}

async function main(): Promise<void> {
  const python = venvPython();
  // A bug is a module of PYTHON_VARIANTS (on the worker's --path); the reference saga is the example's own.
  await recordAll(
    'python',
    workerRecordings(PYTHON_HISTORIES, PYTHON_VARIANTS, PYTHON_VARIANT_NAMES),
    (environment, recording, taskQueue) =>
      spawn(
        python,
        [
          join(PYTHON_EXAMPLE, 'worker.py'),
          '--path',
          PYTHON_VARIANTS,
          recording.bug ?? 'tenant_provisioning.workflows',
        ],
        {
          env: workerEnv(environment, recording, taskQueue),
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      ),
  );
}

if (require.main === module) runScript('record:python', main);
