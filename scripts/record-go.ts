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
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';
import { PROVISIONING_STEPS } from '../examples/tenant-provisioning/types';
import { PYTHON_VARIANT_NAMES, VARIANT_FAILING_STEP, recordWith } from './record-python';
import { runScript } from './run-script';

export const GO_HISTORIES = 'histories/go-tenant-provisioning';
export const GO_VARIANTS = 'test/fixtures/go-saga-variants';
/** The planted bugs (the worker's -bugs knobs), the same names as the Python ones, each the twin of one in test/fixtures/saga-variants. */
export const GO_VARIANT_NAMES = PYTHON_VARIANT_NAMES;

interface Recording {
  name: string;
  out: string;
  bugs?: string;
  failActivities: string[];
  /** The workflow is expected never to close (its task fails on every attempt): written once a task failed, then terminated. */
  open?: true;
}

const RECORDINGS: Recording[] = [
  { name: 'happy', out: join(GO_HISTORIES, 'happy.json'), failActivities: [] },
  ...PROVISIONING_STEPS.map((step) => ({
    name: `real-failure-${step}`,
    out: join(GO_HISTORIES, `real-failure-${step}.json`),
    failActivities: [step],
  })),
  ...GO_VARIANT_NAMES.map((variant) => ({
    name: `${variant}-failure-${VARIANT_FAILING_STEP}`,
    out: join(GO_VARIANTS, 'histories', `${variant}-failure-${VARIANT_FAILING_STEP}.json`),
    bugs: variant,
    failActivities: [VARIANT_FAILING_STEP],
    ...(variant === 'throw_in_compensation' ? { open: true as const } : {}),
  })),
];

/** The Go worker, built by the project's script (prints its path). */
export function goWorker(): string {
  const installed = spawnSync('scripts/install-go-deps.sh', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (installed.status !== 0) throw new Error('scripts/install-go-deps.sh failed');
  return installed.stdout.trim().split('\n').at(-1)!;
}

function startOn(worker: string, environment: TestWorkflowEnvironment, recording: Recording, taskQueue: string) {
  return spawn(worker, recording.bugs ? ['-bugs', recording.bugs] : [], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: environment.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      FAULT_REPLAY_FAIL_ACTIVITIES: recording.failActivities.join(','),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !RECORDINGS.some((r) => r.name === name));
  if (unknown.length) throw new Error(`no recording named ${unknown.join(', ')}`);
  const worker = goWorker();
  const started = Date.now();
  const environment = await startServer('dev');
  try {
    for (const recording of RECORDINGS) {
      if (only.length && !only.includes(recording.name)) continue;
      console.log(
        await recordWith((taskQueue) => startOn(worker, environment, recording, taskQueue), environment, {
          ...recording,
          prefix: 'go',
        }),
      );
    }
  } finally {
    await environment.teardown();
  }
  console.log(`record:go: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) runScript('record:go', main);
