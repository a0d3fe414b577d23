/**
 * Records the live evidence for the truthful-verdict variants (test/fixtures/truthful/) on one
 * real Temporal dev server with the project's own recorder: the happy paths the goldens are made
 * from, and each variant's real failure, so every verdict the tool prints has a live counterpart.
 * Run: npm run record:truthful
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RecordResult } from '../src/record/record';
import { installQuietRuntime } from '../src/util/quiet';
import { ORDER, ORDER_STEPS, ORDER_TASK_QUEUE } from '../test/fixtures/truthful/types';
import { recordSet, recordVariant, type VariantFixture } from './record-set';
import { runScript } from './run-script';

const FIXTURE = 'test/fixtures/truthful';
export const TRUTHFUL_HISTORIES = join(FIXTURE, 'histories');

export interface TruthfulRecording {
  /** File name without `.json`. */
  name: string;
  variant: string;
  fail?: string;
  failRetryable?: string;
  /** More activities that fail (non-retryable) in the same run, e.g. an undo: a fault during compensation. */
  alsoFail?: string[];
  /** The live run never closes: stop after `timeoutMs` and keep the open history. */
  neverCloses?: boolean;
  /**
   * The live worker process crashes (a workflow that never yields trips the SDK's deadlock
   * detector, and Node 20 then aborts with "async hook stack has become corrupted",
   * temporalio/sdk-typescript#939): recorded in a child process, the history is fetched afterwards.
   */
  crashesWorker?: boolean;
  timeoutMs?: number;
}

const live = (variant: string, step: string, extra: Partial<TruthfulRecording> = {}): TruthfulRecording => ({
  name: `live-${variant}-${step}${extra.failRetryable ? '-retryable' : ''}${extra.alsoFail ? `-also-${extra.alsoFail.join('-')}` : ''}${extra.neverCloses ? '-open' : ''}`,
  variant,
  ...(extra.failRetryable ? {} : { fail: step }),
  ...extra,
});

export const TRUTHFUL_RECORDINGS: TruthfulRecording[] = [
  { name: 'happy', variant: 'correct' },
  ...ORDER_STEPS.map((step) => live('correct', step)),
  live('correct', 'ship', { failRetryable: 'ship' }),
  live('not-awaited', 'ship'),
  live('parallel-undos', 'ship'),
  live('undo-other-queue', 'ship', { neverCloses: true, timeoutMs: 8_000 }),
  live('undo-other-timeouts', 'ship'),
  live('patched-regression', 'ship'),
  live('replaying-branch', 'ship'),
  live('only-non-retryable', 'ship'),
  live('only-non-retryable', 'ship', { failRetryable: 'ship' }),
  live('busy-loop', 'ship', { neverCloses: true, crashesWorker: true, timeoutMs: 15_000 }),
  live('deadline-sleep', 'ship', { timeoutMs: 30_000 }),
  { name: 'happy-long-rollback', variant: 'long-rollback' },
  live('long-rollback', 'ship', { timeoutMs: 120_000 }),
  live('needs-result', 'ship'),
  live('failure-details', 'ship'),
  { name: 'happy-timer-cancel', variant: 'timer-cancel' },
  live('timer-cancel', 'ship'),
  live('retry-as-new', 'ship'),
  live('retry-as-new-counter-reset', 'ship'),
  live('refund-twice', 'ship'),
  live('retry-failed-step', 'ship'),
  live('correct', 'ship', { alsoFail: ['refund'] }),
  live('failing-undo-stops', 'ship', { alsoFail: ['refund'] }),
];

type Environment = TestWorkflowEnvironment;

async function main(): Promise<void> {
  installQuietRuntime();
  if (process.argv[2] === '--child') return recordInChild(process.argv[3], process.argv[4]);
  await recordSet('record:truthful', TRUTHFUL_RECORDINGS, process.argv.slice(2), (recording, environment) =>
    recording.crashesWorker ? recordCrashing(recording, environment) : recordOne(recording, environment),
  );
}

async function recordInChild(name: string, address: string): Promise<void> {
  const recording = TRUTHFUL_RECORDINGS.find((candidate) => candidate.name === name);
  if (!recording) throw new Error(`no recording named ${name}`);
  const environment = await TestWorkflowEnvironment.createFromExistingServer({ address });
  await recordOne(recording, environment);
}

/**
 * Runs the recording in a child process on this server; when the worker process dies, waits for
 * the server to time out the workflow task the dead worker held, then writes the history as the
 * server has it (still open) and terminates the workflow.
 */
async function recordCrashing(recording: TruthfulRecording, environment: Environment): Promise<RecordResult> {
  const out = join(TRUTHFUL_HISTORIES, `${recording.name}.json`);
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--child', recording.name, environment.address],
    {
      encoding: 'utf8',
      timeout: (recording.timeoutMs ?? 20_000) + 30_000,
    },
  );
  const handle = environment.client.workflow.getHandle(`truthful-${recording.name}`);
  if (child.status === 0) {
    // The worker survived this time: the recorder wrote the history itself.
    const events = (JSON.parse(readFileSync(out, 'utf8')) as { events: unknown[] }).events.length;
    return { out, workflowId: handle.workflowId, closeEventType: 'none', events, open: 'the worker did not crash' };
  }
  const crash =
    child.stderr.split('\n').find((line) => line.startsWith('Error:')) ?? `exit ${child.status} ${child.signal ?? ''}`;
  const deadline = Date.now() + 20_000;
  let history = await handle.fetchHistory();
  while (!history.events?.some((event) => event.workflowTaskTimedOutEventAttributes) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 500));
    history = await handle.fetchHistory();
  }
  await handle.terminate('record:truthful: the worker process crashed').catch(() => undefined);
  writeFileSync(out, historyToJSON(history) + '\n');
  const events = history.events?.length ?? 0;
  return {
    out,
    workflowId: handle.workflowId,
    closeEventType: 'none',
    events,
    open: `worker process crashed: ${crash}`,
  };
}

const TRUTHFUL: VariantFixture = {
  folder: FIXTURE,
  workflowType: 'placeOrder',
  args: [ORDER],
  taskQueue: ORDER_TASK_QUEUE,
  workflowIdPrefix: 'truthful',
};

function recordOne(recording: TruthfulRecording, environment: Environment): Promise<RecordResult> {
  return recordVariant(TRUTHFUL, recording, environment, {
    failActivities: [...(recording.fail ? [recording.fail] : []), ...(recording.alsoFail ?? [])],
    failActivitiesRetryable: recording.failRetryable ? [recording.failRetryable] : [],
    keepOpenHistory: recording.neverCloses,
  });
}

if (require.main === module) runScript('record:truthful', main);
