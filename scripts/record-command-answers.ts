/**
 * Records the live evidence for the continuation's command answers on one real Temporal dev server
 * with the project's own recorder:
 * - test/fixtures/external-commands: for each ChildWorkflowCancellationType, the happy run and the
 *   run where doStep fails (its rollback signals and cancels its child and a missing external
 *   workflow, changes its memo and upserts a search attribute)
 *   (test/continue/external-commands.fidelity.test.ts);
 * - test/fixtures/local-activity-calls: two calls of one local activity type, happy and with step
 *   retried once for real (test/continue/local-activity-calls.fidelity.test.ts).
 * Run: npm run record:command-answers [name ...]
 */
import { join } from 'node:path';
import { recordHistory } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';

export const EXTERNAL_COMMANDS = 'test/fixtures/external-commands';
export const EXTERNAL_COMMANDS_HISTORIES = join(EXTERNAL_COMMANDS, 'histories');
export const CANCELLATION_TYPES = [
  'TRY_CANCEL',
  'WAIT_CANCELLATION_COMPLETED',
  'WAIT_CANCELLATION_REQUESTED',
  'ABANDON',
] as const;
/** The custom search attribute the saga upserts, registered on the server as production has it. */
const SEARCH_ATTRIBUTES = [{ name: 'BookingStage', type: 'KEYWORD' as never }];

export const LOCAL_ACTIVITY_CALLS = 'test/fixtures/local-activity-calls';

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const environment = await startServer('dev', { searchAttributes: SEARCH_ATTRIBUTES });
  try {
    for (const run of [
      { name: 'happy', failActivitiesOnce: [] },
      { name: 'step-retried', failActivitiesOnce: ['step'] },
    ]) {
      if (only.length && !only.includes(run.name)) continue;
      const result = await recordHistory({
        workflowsPath: join(LOCAL_ACTIVITY_CALLS, 'workflows.ts'),
        activitiesPath: join(LOCAL_ACTIVITY_CALLS, 'activities.ts'),
        workflowType: 'quoteTwice',
        args: [],
        failActivities: [],
        failActivitiesOnce: run.failActivitiesOnce,
        out: join(LOCAL_ACTIVITY_CALLS, `${run.name}.json`),
        server: 'dev',
        environment,
        timeoutMs: 30_000,
        taskQueue: 'local-activity-calls',
        workflowId: `local-activity-calls-${run.name}`,
      });
      console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
    }
    for (const type of CANCELLATION_TYPES) {
      for (const run of [
        { name: `${type}-happy`, failActivities: [] },
        { name: `${type}-failure-doStep`, failActivities: ['doStep'] },
      ]) {
        if (only.length && !only.includes(run.name)) continue;
        const result = await recordHistory({
          workflowsPath: join(EXTERNAL_COMMANDS, 'workflows.ts'),
          activitiesPath: join(EXTERNAL_COMMANDS, 'activities.ts'),
          workflowType: 'externalSaga',
          args: [type],
          failActivities: run.failActivities,
          out: join(EXTERNAL_COMMANDS_HISTORIES, `${run.name}.json`),
          server: 'dev',
          environment,
          timeoutMs: 30_000,
          taskQueue: 'external-commands',
          workflowId: `external-${run.name}`,
        });
        console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
      }
    }
  } finally {
    await environment.teardown();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`record:command-answers: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
