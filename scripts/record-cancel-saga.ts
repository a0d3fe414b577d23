/**
 * Records the live evidence for the faults that come from outside a step (test/fixtures/cancel-saga)
 * on one real Temporal dev server with the project's own recorder: the happy path, the workflow
 * cancelled while each step runs (`record --cancel-workflow-during`), and the `abort` signal sent
 * while each step runs (`record --signal-during`), so `workflow-cancel` and `signal:abort` have
 * their real counterparts. Run: npm run record:cancel-saga
 */
import { join } from 'node:path';
import { recordHistory, type RecordOptions } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';
import { runScript } from './run-script';

export const CANCEL_SAGA = 'test/fixtures/cancel-saga';
export const CANCEL_SAGA_HISTORIES = join(CANCEL_SAGA, 'histories');
export const CANCEL_SAGA_STEPS = ['reserve', 'charge', 'ship'];
export const ABORT_ARGS = [{ reason: 'customer asked' }];

/** The reference saga (activities on the real PostgreSQL, none heartbeats), with a tenant of its own. */
export const REFERENCE_TENANT = { tenantId: 'wfcancel-ref', ownerUserId: 'user-ada', plan: 'team' };
const REFERENCE = {
  example: 'examples/tenant-provisioning',
  workflowType: 'provisionTenant',
  args: [REFERENCE_TENANT],
};

const RECORDINGS: Array<
  { name: string; workflows?: string; workflowType?: string; reference?: true } & Partial<RecordOptions>
> = [
  { name: 'happy' },
  ...CANCEL_SAGA_STEPS.map((step) => ({ name: `cancel-during-${step}`, cancelWorkflowDuring: step })),
  ...CANCEL_SAGA_STEPS.map((step) => ({
    name: `abort-during-${step}`,
    signalDuring: { activityType: step, signalName: 'abort', args: ABORT_ARGS },
  })),
  // A parallel step cancelled when its sibling fails: RequestCancelActivityTask after a failure.
  { name: 'parallel-happy', workflowType: 'parallelCancelSaga' },
  { name: 'parallel-failure-charge', workflowType: 'parallelCancelSaga', failActivities: ['charge'] },
  // The reference saga cancelled while a step that does not heartbeat runs (needs PostgreSQL).
  { name: 'reference-happy', reference: true },
  { name: 'reference-cancel-during-createTenantSchema', reference: true, cancelWorkflowDuring: 'createTenantSchema' },
  // The planted bugs, live: what each does on a server when the fault only it injects happens.
  {
    name: 'bug-compensations-cancelled-cancel-during-charge',
    workflows: 'compensations-cancelled.ts',
    cancelWorkflowDuring: 'charge',
  },
  {
    name: 'bug-ignores-abort-abort-during-charge',
    workflows: 'ignores-abort.ts',
    signalDuring: { activityType: 'charge', signalName: 'abort', args: ABORT_ARGS },
  },
];

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const environment = await startServer('dev');
  try {
    for (const { name, workflows, workflowType, reference, ...faults } of RECORDINGS) {
      if (only.length && !only.includes(name)) continue;
      const result = await recordHistory({
        workflowsPath: reference
          ? join(REFERENCE.example, 'workflows.ts')
          : join(CANCEL_SAGA, workflows ?? 'workflows.ts'),
        activitiesPath: reference ? join(REFERENCE.example, 'activities.ts') : join(CANCEL_SAGA, 'activities.ts'),
        workflowType: reference ? REFERENCE.workflowType : (workflowType ?? 'cancelSaga'),
        args: reference ? REFERENCE.args : ['o-1'],
        ...faults,
        out: join(CANCEL_SAGA_HISTORIES, `${name}.json`),
        server: 'dev',
        environment,
        timeoutMs: 30_000,
        taskQueue: reference ? 'cancel-saga-reference' : 'cancel-saga',
        workflowId: `cancel-saga-${name}`,
      });
      console.log(
        `${result.out}: ${result.events} events, ${result.open ? `still open (${result.open})` : result.closeEventType}`,
      );
    }
  } finally {
    await environment.teardown();
  }
}

if (require.main === module) runScript('record:cancel-saga', main);
