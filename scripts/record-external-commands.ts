/**
 * Records the external-commands fixture (test/fixtures/external-commands) on one real Temporal dev
 * server with the project's own recorder: for each ChildWorkflowCancellationType, the happy run and
 * the run where doStep fails (its rollback signals and cancels its child and a missing external
 * workflow, changes its memo and upserts a search attribute). The continuation's answers to those
 * commands are compared with these (test/continue/external-commands.fidelity.test.ts).
 * Run: npm run record:external-commands
 */
import { join } from 'node:path';
import { recordHistory } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';

export const EXTERNAL_COMMANDS = 'test/fixtures/external-commands';
export const EXTERNAL_COMMANDS_HISTORIES = join(EXTERNAL_COMMANDS, 'histories');
export const CANCELLATION_TYPES = ['TRY_CANCEL', 'WAIT_CANCELLATION_COMPLETED', 'WAIT_CANCELLATION_REQUESTED', 'ABANDON'] as const;
/** The custom search attribute the saga upserts, registered on the server as production has it. */
const SEARCH_ATTRIBUTES = [{ name: 'BookingStage', type: 'KEYWORD' as never }];

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const environment = await startServer('dev', { searchAttributes: SEARCH_ATTRIBUTES });
  try {
    for (const type of CANCELLATION_TYPES) {
      for (const run of [{ name: `${type}-happy`, failActivities: [] }, { name: `${type}-failure-doStep`, failActivities: ['doStep'] }]) {
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
      console.error(`record:external-commands: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
