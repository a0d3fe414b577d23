/**
 * Records the Python saga's histories live on the dev server: the project's Python worker
 * (examples/python-tenant-provisioning/worker.py, temporalio from PyPI in .tools/python-venv) runs
 * the workflow and its in-memory activities; a real failure is an activity that raises
 * InjectedFailure (FAULT_REPLAY_FAIL_ACTIVITIES, read by the worker's recording interceptor).
 *   histories/python-tenant-provisioning/        the reference saga: happy + one real failure a step
 *   test/fixtures/python-saga-variants/histories/ each planted bug, live, with a failure at one step
 * Run: npm run record:python [-- <recording name>...]  (then check --worker-command ... --update for the goldens)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyJson } from '../src/record/history-json';
import { startServer } from '../src/server/environment';
import { writeFileAtomic } from '../src/util/atomic-write';
import { installQuietRuntime } from '../src/util/quiet';
import { PROVISIONING_STEPS } from '../examples/tenant-provisioning/types';
import { TENANT } from './record-examples';
import { runScript } from './run-script';

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
/** The step each variant is recorded failing at: the fourth, with three undos to run. */
export const VARIANT_FAILING_STEP = 'createOwnerMembership';

interface Recording {
  name: string;
  out: string;
  /** The worker's workflows module (`--path` PYTHON_VARIANTS for a variant). */
  module: string;
  failActivities: string[];
  /** The workflow is expected never to close (its task fails on every attempt): written once a task failed, then terminated. */
  open?: true;
}

const RECORDINGS: Recording[] = [
  {
    name: 'happy',
    out: join(PYTHON_HISTORIES, 'happy.json'),
    module: 'tenant_provisioning.workflows',
    failActivities: [],
  },
  ...PROVISIONING_STEPS.map((step) => ({
    name: `real-failure-${step}`,
    out: join(PYTHON_HISTORIES, `real-failure-${step}.json`),
    module: 'tenant_provisioning.workflows',
    failActivities: [step],
  })),
  ...PYTHON_VARIANT_NAMES.map((variant) => ({
    name: `${variant}-failure-${VARIANT_FAILING_STEP}`,
    out: join(PYTHON_VARIANTS, 'histories', `${variant}-failure-${VARIANT_FAILING_STEP}.json`),
    module: variant,
    failActivities: [VARIANT_FAILING_STEP],
    ...(variant === 'throw_in_compensation' ? { open: true as const } : {}),
  })),
];

/** The venv's python, installed by the project's script (prints its path). */
export function venvPython(): string {
  const installed = spawnSync('scripts/install-python.sh', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (installed.status !== 0) throw new Error('scripts/install-python.sh failed');
  return installed.stdout.trim().split('\n').at(-1)!;
}

function startWorker(
  python: string,
  environment: TestWorkflowEnvironment,
  recording: Recording,
  taskQueue: string,
): ChildProcess {
  return spawn(python, [join(PYTHON_EXAMPLE, 'worker.py'), '--path', PYTHON_VARIANTS, recording.module], {
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

async function record(python: string, environment: TestWorkflowEnvironment, recording: Recording): Promise<string> {
  return recordWith((taskQueue) => startWorker(python, environment, recording, taskQueue), environment, {
    ...recording,
    prefix: 'python',
  });
}

/** One recording by a worker of any SDK (started with its own task queue): the workflow started, its history written once closed (or once a task failed). */
export async function recordWith(
  startOn: (taskQueue: string) => ChildProcess,
  environment: TestWorkflowEnvironment,
  recording: { name: string; out: string; open?: true; prefix: string },
): Promise<string> {
  const taskQueue = `${recording.prefix}-record-${recording.name}`;
  const workflowId = `${recording.prefix.slice(0, 2)}-provision-${TENANT.tenantId}-${recording.name}`;
  const worker = startOn(taskQueue);
  let stderr = '';
  worker.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    const handle = await environment.client.workflow.start('provisionTenant', {
      taskQueue,
      workflowId,
      args: [TENANT],
    });
    const history = recording.open ? await untilTaskFailed(handle) : await untilClosed(handle, () => stderr);
    mkdirSync(dirname(recording.out), { recursive: true });
    writeFileAtomic(recording.out, historyJson(history) + '\n');
    const last = history.events?.at(-1)?.eventType;
    return `${recording.out}: ${history.events?.length ?? 0} events, last event type ${last}`;
  } finally {
    worker.kill('SIGTERM');
    await new Promise((done) => (worker.exitCode !== null ? done(undefined) : worker.once('exit', done)));
  }
}

type Handle = WorkflowHandle;

async function untilClosed(handle: Handle, stderr: () => string) {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    handle.result().then(
      () => true,
      () => true,
    ),
    new Promise<false>((done) => (timer = setTimeout(() => done(false), 30_000))),
  ]);
  clearTimeout(timer);
  if (!closed) {
    await handle.terminate('record:python: still open after 30 s');
    throw new Error(
      `${handle.workflowId}: the workflow did not close within 30 s (terminated); the worker's stderr ends: ${stderr().slice(-1000)}`,
    );
  }
  return handle.fetchHistory();
}

/** The history as it is once a workflow task failed (the server retries it for ever), then the workflow is terminated. */
async function untilTaskFailed(handle: Handle) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const history = await handle.fetchHistory();
    if (history.events?.some((event) => event.workflowTaskFailedEventAttributes)) {
      await handle.terminate('record:python: its workflow task fails (recorded up to the failure)');
      return history;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  await handle.terminate('record:python: no workflow task failed within 30 s');
  throw new Error(`${handle.workflowId}: no workflow task failed within 30 s`);
}

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !RECORDINGS.some((r) => r.name === name));
  if (unknown.length) throw new Error(`no recording named ${unknown.join(', ')}`);
  const python = venvPython();
  const started = Date.now();
  const environment = await startServer('dev');
  try {
    for (const recording of RECORDINGS) {
      if (only.length && !only.includes(recording.name)) continue;
      console.log(await record(python, environment, recording));
    }
  } finally {
    await environment.teardown();
  }
  console.log(`record:python: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) runScript('record:python', main);
