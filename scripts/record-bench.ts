/**
 * Records the bench's growth fixtures histories/n-step-saga/steps-N.json on a real local Temporal
 * dev server: one happy run of the n-step saga per N.
 * Run: npm run record:bench (BENCH_SIZES=1000 for one size)
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { recordHistory } from '../src/record/record';
import { installQuietRuntime } from '../src/util/quiet';
import { runScript } from './run-script';

export const BENCH_SIZES = [10, 50, 100, 200, 1000];
/** From this size the fixture is committed gzipped (the loader unpacks it): 1000 steps is 3.7 MB of JSON. */
const GZIP_FROM = 1000;
const EXAMPLE = 'examples/n-step-saga';
export const BENCH_DIR = 'histories/n-step-saga';

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.env.BENCH_SIZES?.split(',').map(Number);
  for (const steps of only ?? BENCH_SIZES) {
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
    if (steps >= GZIP_FROM) {
      writeFileSync(`${result.out}.gz`, gzipSync(readFileSync(result.out), { level: 9 }));
      rmSync(result.out);
    }
    console.log(`${result.out}${steps >= GZIP_FROM ? '.gz' : ''}: ${result.events} events, ${result.closeEventType}`);
  }
}

if (require.main === module) runScript('record:bench', main);
