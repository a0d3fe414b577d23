import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type InjectedSinks, type WorkerOptions } from '@temporalio/worker';
import type { TaskFailureConfig, TaskFailureSinks } from './task-failure-interceptor';

const TASK_FAILURE_INTERCEPTOR = require.resolve('./task-failure-interceptor');

/** The interceptor and its settings to bundle into the worker that fails the task. */
export function taskFailureBundle(activityType: string): {
  interceptorModules: string[];
  aliases: Record<string, string>;
} {
  const config: TaskFailureConfig = { activityType };
  const file = join(mkdtempSync(join(tmpdir(), 'fault-replay-task-failure-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return { interceptorModules: [TASK_FAILURE_INTERCEPTOR], aliases: { 'fault-replay-task-failure': file } };
}

// With the activities, for local activities only (they run in the worker that runs the workflow;
// the recorder's main worker runs the others: one process may not poll the same task types twice).
type WorkflowWorkerOptions = Pick<
  WorkerOptions,
  'connection' | 'namespace' | 'taskQueue' | 'workflowBundle' | 'activities'
>;
const LOCAL_ONLY = { enableNonLocalActivities: false };
const POLLERS_STOP_MS = 1_000;

/**
 * Two workflow workers in turn, as a worker that fails one task and the worker that takes the retry:
 * the first runs the bundle that fails the task; when it says it is failing, it is shut down (it
 * takes no other task) and the second, without that interceptor, starts and runs the rest.
 */
export function workersFailingOneTask(failing: WorkflowWorkerOptions, healthy: WorkflowWorkerOptions) {
  const runs: Array<Promise<void>> = [];
  let second: Worker | undefined;
  let first: Worker | undefined;
  let firstRun: Promise<void> | undefined;
  let stopped = false;
  const takeOver = async () => {
    // The failing worker reports the failed task as it shuts down; the two may not be registered at once.
    first?.shutdown();
    await firstRun;
    second = await Worker.create({ ...healthy, ...LOCAL_ONLY });
    if (stopped) return;
    runs.push(second.run());
  };
  const sinks: InjectedSinks<TaskFailureSinks> = {
    faultReplayTaskFailure: {
      failing: {
        // Awaited before the worker reports the failed task: its pollers stop first, so the retried
        // task cannot come back to it (the first polls would otherwise still be open at the server).
        fn: async () => {
          runs.push(takeOver());
          await new Promise((done) => setTimeout(done, POLLERS_STOP_MS));
        },
      },
    },
  };
  return {
    async start(): Promise<void> {
      first = await Worker.create({ ...failing, ...LOCAL_ONLY, sinks });
      firstRun = first.run();
      runs.push(firstRun);
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const worker of [first, second]) if (worker?.getState() === 'RUNNING') worker.shutdown();
      // A worker run that ended in error (or a second worker that never started) is the recording's failure.
      for (let i = 0; i < runs.length; i++) await runs[i];
    },
  };
}
