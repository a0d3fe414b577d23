/**
 * Records the child-retry sagas (test/fixtures/child-retry) on a real local Temporal dev server:
 * each happy, and each with its child hanging for real (`hangChildren`), so that the server retries
 * the child's timed-out runs until its attempts or its execution timeout run out
 * (test/faults/child-timeout-retry.fidelity.test.ts compares the tool's child-timeout with them).
 * Run: npm run record:child-retry
 */
import { recordHistory } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';
import { runScript } from './run-script';

const FIXTURE = 'test/fixtures/child-retry';

async function main(): Promise<void> {
  installQuietRuntime();
  const environment = await startServer('dev', {});
  try {
    for (const workflowType of ['holdWithRetriedRuns', 'holdWithExecutionTimeout']) {
      for (const hang of [false, true]) {
        const name = `${workflowType}-${hang ? 'child-timeout' : 'happy'}`;
        const result = await recordHistory({
          workflowsPath: `${FIXTURE}/workflows.ts`,
          activitiesPath: `${FIXTURE}/activities.ts`,
          workflowType,
          args: ['h-1'],
          out: `${FIXTURE}/histories/${name}.json`,
          server: 'dev',
          environment,
          timeoutMs: 60_000,
          workflowId: name,
          taskQueue: 'child-retry',
          ...(hang ? { hangChildren: ['confirm'] } : {}),
        });
        console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
      }
    }
  } finally {
    await environment.teardown();
  }
}

if (require.main === module) runScript('record:child-retry', main);
