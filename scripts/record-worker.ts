/**
 * Recording a saga's histories live on the dev server with the project's worker of another SDK
 * (./record-python.ts, ./record-go.ts): the same recordings for each (happy, one real failure a
 * step, each planted bug failing at one step), the worker told its server, task queue and the
 * activities to fail by environment, and the history written once the workflow closed (or once a
 * workflow task failed, for a bug whose task fails for ever).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
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

/** The step each planted bug is recorded failing at: the fourth, with three undos to run. */
export const VARIANT_FAILING_STEP = 'createOwnerMembership';

export interface WorkerRecording {
  name: string;
  out: string;
  /** The planted bug the worker runs (its name), or none: the reference saga. */
  bug?: string;
  failActivities: string[];
  /** The workflow is expected never to close (its task fails on every attempt): written once a task failed, then terminated. */
  open?: true;
}

/** The recordings of one SDK: the reference saga into `histories`, each bug into `variants`/histories. */
export function workerRecordings(histories: string, variants: string, bugs: string[]): WorkerRecording[] {
  return [
    { name: 'happy', out: join(histories, 'happy.json'), failActivities: [] },
    ...PROVISIONING_STEPS.map((step) => ({
      name: `real-failure-${step}`,
      out: join(histories, `real-failure-${step}.json`),
      failActivities: [step],
    })),
    ...bugs.map((bug) => ({
      name: `${bug}-failure-${VARIANT_FAILING_STEP}`,
      out: join(variants, 'histories', `${bug}-failure-${VARIANT_FAILING_STEP}.json`),
      bug,
      failActivities: [VARIANT_FAILING_STEP],
      ...(bug === 'throw_in_compensation' ? { open: true as const } : {}),
    })),
  ];
}

/** Runs a project install script and returns the path it prints last (the venv's python, the built worker). */
export function installedPath(script: string): string {
  const installed = spawnSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (installed.status !== 0) throw new Error(`${script} failed`);
  return installed.stdout.trim().split('\n').at(-1)!;
}

/** What a recording worker reads: its server, namespace and task queue, and the activities to fail. */
export function workerEnv(environment: TestWorkflowEnvironment, recording: WorkerRecording, taskQueue: string) {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: environment.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    FAULT_REPLAY_FAIL_ACTIVITIES: recording.failActivities.join(','),
  };
}

/**
 * `npm run record:<prefix> [-- <recording name>...]`: every recording (or the named ones) on one
 * dev server, each by a worker `startOn` starts on its own task queue.
 */
export async function recordAll(
  prefix: string,
  recordings: WorkerRecording[],
  startOn: (environment: TestWorkflowEnvironment, recording: WorkerRecording, taskQueue: string) => ChildProcess,
): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !recordings.some((r) => r.name === name));
  if (unknown.length) throw new Error(`no recording named ${unknown.join(', ')}`);
  const started = Date.now();
  const environment = await startServer('dev');
  try {
    for (const recording of recordings) {
      if (only.length && !only.includes(recording.name)) continue;
      console.log(
        await recordWith((taskQueue) => startOn(environment, recording, taskQueue), environment, {
          ...recording,
          prefix,
        }),
      );
    }
  } finally {
    await environment.teardown();
  }
  console.log(`record:${prefix}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** One recording by a worker of any SDK (started with its own task queue): the workflow started, its history written once closed (or once a task failed). */
async function recordWith(
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
    const script = `record:${recording.prefix}`;
    const history = recording.open
      ? await untilTaskFailed(handle, script)
      : await untilClosed(handle, script, () => stderr);
    mkdirSync(dirname(recording.out), { recursive: true });
    writeFileAtomic(recording.out, historyJson(history) + '\n');
    const last = history.events?.at(-1)?.eventType;
    return `${recording.out}: ${history.events?.length ?? 0} events, last event type ${last}`;
  } finally {
    worker.kill('SIGTERM');
    await new Promise((done) => (worker.exitCode !== null ? done(undefined) : worker.once('exit', done)));
  }
}

async function untilClosed(handle: WorkflowHandle, script: string, stderr: () => string) {
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
    await handle.terminate(`${script}: still open after 30 s`);
    throw new Error(
      `${handle.workflowId}: the workflow did not close within 30 s (terminated); the worker's stderr ends: ${stderr().slice(-1000)}`,
    );
  }
  return handle.fetchHistory();
}

/** The history as it is once a workflow task failed (the server retries it for ever), then the workflow is terminated. */
async function untilTaskFailed(handle: WorkflowHandle, script: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const history = await handle.fetchHistory();
    if (history.events?.some((event) => event.workflowTaskFailedEventAttributes)) {
      await handle.terminate(`${script}: its workflow task fails (recorded up to the failure)`);
      return history;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  await handle.terminate(`${script}: no workflow task failed within 30 s`);
  throw new Error(`${handle.workflowId}: no workflow task failed within 30 s`);
}
