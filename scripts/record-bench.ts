/**
 * Records the bench's growth fixtures histories/n-step-saga/steps-N.json on a real local Temporal
 * dev server: one happy run of the n-step saga per N.
 * Run: npm run record:bench
 */
import { join } from 'node:path';
import { recordHistory } from '../src/record/record';
import { installQuietRuntime } from '../src/util/quiet';

export const BENCH_SIZES = [10, 50, 100, 200];
const EXAMPLE = 'examples/n-step-saga';
export const BENCH_DIR = 'histories/n-step-saga';

async function main(): Promise<void> {
  installQuietRuntime();
  for (const steps of BENCH_SIZES) {
    const result = await recordHistory({
      workflowsPath: join(EXAMPLE, 'workflows.ts'),
      activitiesPath: join(EXAMPLE, 'activities.ts'),
      workflowType: 'stepsSaga',
      args: [{ steps }],
      failActivities: [],
      out: join(BENCH_DIR, `steps-${steps}.json`),
      server: 'dev',
      timeoutMs: 300_000,
      workflowId: `steps-saga-${steps}`,
    });
    console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`record:bench: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
