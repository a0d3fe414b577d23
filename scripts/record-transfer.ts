/**
 * Records the live evidence for the transfer-saga variants (test/fixtures/transfer/, issue 28) on
 * one real Temporal dev server with the project's own recorder: the happy path, the correct saga's
 * real failure at every kind of step (local activity, parallel activities, child workflow, signal
 * window, settle timeout and exhausted retries, a failing undo), and each bug variant's failure
 * that shows its bug. Where a child undo's own fate is the fact (terminated, never run, completed),
 * the child's history is captured after the parent's close with the project's `captureHistories`.
 * Run: npm run record:transfer   (or name recordings: npx ts-node --transpile-only scripts/record-transfer.ts happy)
 */
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { captureHistories } from '../src/capture/capture';
import type { RecordOptions, RecordResult } from '../src/record/record';
import { installQuietRuntime } from '../src/util/quiet';
import { TRANSFER, TRANSFER_TASK_QUEUE } from '../test/fixtures/transfer/types';
import { recordSet, recordVariant, type VariantFixture } from './record-set';
import { runScript } from './run-script';

const FIXTURE = 'test/fixtures/transfer';
export const TRANSFER_HISTORIES = join(FIXTURE, 'histories');
/** Histories of child workflows the recorded parents started (kept apart: they are not `transfer` histories). */
export const TRANSFER_CHILD_HISTORIES = join(FIXTURE, 'child-histories');

type Faults = Pick<
  RecordOptions,
  | 'failActivities'
  | 'failActivitiesRetryable'
  | 'failActivitiesOnce'
  | 'hangActivities'
  | 'failChildren'
  | 'signals'
  | 'cancelWorkflowDuring'
  | 'keepOpenHistory'
>;

export interface TransferRecording {
  /** File name without `.json`. */
  name: string;
  variant: string;
  faults?: Faults;
  timeoutMs?: number;
  /** Child workflows of these types: their own histories are captured once closed (`<name>.<type>.json`). */
  captureChildren?: string[];
}

const SIGNAL_IN_WINDOW: Faults = { signals: [{ name: 'cancelTransfer', args: [], afterEventType: 'TimerStarted' }] };
const SETTLE_FAILS: Faults = { failActivities: ['settle'] };
const REVERSE_LEDGER = ['reverseLedger'];

export const TRANSFER_RECORDINGS: TransferRecording[] = [
  { name: 'happy', variant: 'correct' },
  // The correct saga: a live failure at every kind of step.
  { name: 'live-correct-lockFxQuote', variant: 'correct', faults: { failActivities: ['lockFxQuote'] } },
  {
    name: 'live-correct-lockFxQuote-retryable',
    variant: 'correct',
    faults: { failActivitiesRetryable: ['lockFxQuote'] },
  },
  { name: 'live-correct-reserveDebit', variant: 'correct', faults: { failActivities: ['reserveDebit'] } },
  { name: 'live-correct-reserveCredit', variant: 'correct', faults: { failActivities: ['reserveCredit'] } },
  { name: 'live-correct-postLedger', variant: 'correct', faults: { failChildren: ['postLedger'] } },
  { name: 'live-correct-cancel-signal', variant: 'correct', faults: SIGNAL_IN_WINDOW },
  { name: 'live-correct-settle', variant: 'correct', faults: SETTLE_FAILS, captureChildren: REVERSE_LEDGER },
  { name: 'live-correct-settle-timeout', variant: 'correct', faults: { hangActivities: ['settle'] } },
  { name: 'live-correct-settle-retryable', variant: 'correct', faults: { failActivitiesRetryable: ['settle'] } },
  { name: 'live-correct-settle-workflow-cancel', variant: 'correct', faults: { cancelWorkflowDuring: 'settle' } },
  // Faults inside the compensation, on the correct saga (the counterparts of the bug variants below).
  {
    name: 'live-correct-reserveCredit-also-releaseDebit',
    variant: 'correct',
    faults: { failActivities: ['reserveCredit', 'releaseDebit'] },
  },
  {
    name: 'live-correct-reserveDebit-once-unlockFxQuote',
    variant: 'correct',
    faults: { failActivities: ['reserveDebit'], failActivitiesOnce: ['unlockFxQuote'] },
  },
  {
    name: 'live-correct-settle-also-reverseLedger',
    variant: 'correct',
    faults: { ...SETTLE_FAILS, failChildren: REVERSE_LEDGER },
  },
  // Each bug variant's failure that shows its bug.
  {
    name: 'live-child-undo-unpolled-queue-settle-open',
    variant: 'child-undo-unpolled-queue',
    faults: { ...SETTLE_FAILS, keepOpenHistory: true },
    timeoutMs: 8_000,
    captureChildren: REVERSE_LEDGER,
  },
  {
    name: 'live-child-undo-not-awaited-settle',
    variant: 'child-undo-not-awaited',
    faults: SETTLE_FAILS,
    captureChildren: REVERSE_LEDGER,
  },
  {
    name: 'live-child-undo-crashes-settle-open',
    variant: 'child-undo-crashes',
    faults: { ...SETTLE_FAILS, keepOpenHistory: true },
    timeoutMs: 8_000,
    captureChildren: REVERSE_LEDGER,
  },
  {
    name: 'live-child-undo-crashes-timeout-settle',
    variant: 'child-undo-crashes-timeout',
    faults: SETTLE_FAILS,
    timeoutMs: 20_000,
    captureChildren: REVERSE_LEDGER,
  },
  {
    name: 'live-child-undo-forgets-await-settle',
    variant: 'child-undo-forgets-await',
    faults: SETTLE_FAILS,
    captureChildren: REVERSE_LEDGER,
  },
  {
    name: 'live-child-undo-rejects-settle',
    variant: 'child-undo-rejects',
    faults: SETTLE_FAILS,
    captureChildren: REVERSE_LEDGER,
  },
  {
    name: 'live-local-undo-wrong-arg-reserveDebit',
    variant: 'local-undo-wrong-arg',
    faults: { failActivities: ['reserveDebit'] },
  },
  {
    name: 'live-local-undo-no-retry-reserveDebit-once-unlockFxQuote',
    variant: 'local-undo-no-retry',
    faults: { failActivities: ['reserveDebit'], failActivitiesOnce: ['unlockFxQuote'] },
  },
  {
    name: 'live-failing-child-undo-stops-settle-also-reverseLedger',
    variant: 'failing-child-undo-stops',
    faults: { ...SETTLE_FAILS, failChildren: REVERSE_LEDGER },
  },
  {
    name: 'live-status-check-wrong-state-settle-timeout',
    variant: 'status-check-wrong-state',
    faults: { hangActivities: ['settle'] },
  },
  {
    name: 'live-skip-on-exhausted-settle-retryable',
    variant: 'skip-on-exhausted',
    faults: { failActivitiesRetryable: ['settle'] },
  },
  // Correct variants the tool must not raise a false alarm on.
  { name: 'live-undo-timer-race-settle', variant: 'undo-timer-race', faults: SETTLE_FAILS },
  { name: 'live-runid-idempotency-settle', variant: 'runid-idempotency', faults: SETTLE_FAILS },
];

type Environment = TestWorkflowEnvironment;

async function main(): Promise<void> {
  installQuietRuntime();
  await recordSet('record:transfer', TRANSFER_RECORDINGS, process.argv.slice(2), async (recording, environment) => {
    const result = await recordOne(recording, environment);
    return { ...result, also: await captureChildren(recording, result, environment) };
  });
}

const TRANSFER_FIXTURE: VariantFixture = {
  folder: FIXTURE,
  workflowType: 'transfer',
  args: [TRANSFER],
  taskQueue: TRANSFER_TASK_QUEUE,
  workflowIdPrefix: 'transfer',
};

function recordOne(recording: TransferRecording, environment: Environment): Promise<RecordResult> {
  return recordVariant(TRANSFER_FIXTURE, recording, environment, recording.faults ?? {});
}

const CHILD_CLOSE_WAIT_MS = 20_000;

/** Captures the histories of the recorded parent's children of the named types, each once the server has closed it. */
async function captureChildren(
  recording: TransferRecording,
  parent: RecordResult,
  environment: Environment,
): Promise<string[]> {
  const types = recording.captureChildren ?? [];
  if (types.length === 0) return [];
  const history = await environment.client.workflow.getHandle(parent.workflowId).fetchHistory();
  const written: string[] = [];
  for (const event of history.events ?? []) {
    const started = event.childWorkflowExecutionStartedEventAttributes;
    const type = started?.workflowType?.name ?? '';
    if (!started || !types.includes(type)) continue;
    const { workflowId, runId } = started.workflowExecution ?? {};
    if (!workflowId || !runId)
      throw new Error(`${recording.name}: child ${type} started with no workflow id or run id`);
    await waitUntilClosed(environment, workflowId, runId);
    const folder = mkdtempSync(join(tmpdir(), 'record-transfer-'));
    try {
      const captured = await captureHistories({
        connection: { address: environment.address },
        namespace: environment.namespace ?? 'default',
        workflowId,
        runId,
        out: folder,
      });
      if (captured.problems.length > 0)
        throw new Error(`${recording.name}: child ${type}: ${captured.problems.join('; ')}`);
      const out = join(TRANSFER_CHILD_HISTORIES, `${recording.name}.${type}.json`);
      renameSync(join(folder, readdirSync(folder)[0]), out);
      written.push(`child ${out}: ${captured.files[0].events} events, ${captured.files[0].closeEventType}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  if (written.length === 0) throw new Error(`${recording.name}: no child of type ${types.join(', ')} was started`);
  return written;
}

async function waitUntilClosed(environment: Environment, workflowId: string, runId: string): Promise<void> {
  const deadline = Date.now() + CHILD_CLOSE_WAIT_MS;
  const running = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  for (;;) {
    const { workflowExecutionInfo } = await environment.client.workflowService.describeWorkflowExecution({
      namespace: environment.namespace ?? 'default',
      execution: { workflowId, runId },
    });
    if (workflowExecutionInfo?.status !== running) return;
    if (Date.now() > deadline)
      throw new Error(`child ${workflowId} did not close within ${CHILD_CLOSE_WAIT_MS} ms of its parent`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

if (require.main === module) runScript('record:transfer', main);
