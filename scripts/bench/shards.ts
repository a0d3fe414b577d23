/**
 * The shard split of `check --shard` / `--distribute` (src/report/shard.ts) simulated at 2, 8 and
 * 64 workers: every scenario of the committed corpus is timed alone (the median of three), each
 * shard's work is the sum of its scenarios' times, and the workers take the shards as `fault-replay
 * worker`s do (one at a time, the next when free). Two splits: by history length (a first run, no
 * `--weights` file) and by the work a previous run measured (`--weights`: src/report/shard-work.ts),
 * measured here by counting, as a run counts it, before the timing. Balanced: the busiest worker
 * within 10% of the mean (≤ 1.10×), with as many shards as workers, and with 4 and 8 shards a worker.
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { startEngine } from '../../src/continue/engine';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { planFaultReplay } from '../../src/run';
import { followPlanned } from '../../src/continue/follow-nested';
import { scenariosOfShard } from '../../src/report/shard';
import { emptyWork, recordWork, shardWeight, WorkCounter, workUnits } from '../../src/report/shard-work';
import type { FollowEngine } from '../../src/continue/engine';
import { processOptions } from '../../src/qualify';

const CORPUS = ['histories/tenant-provisioning', 'histories/order-fulfilment', 'histories/travel-booking'];
const TIMINGS = 3;

/** The busiest worker's work when `workers` workers take the shards in order, each the next one once free. */
function pulled(shards: number[], workers: number): number {
  const busy = new Array<number>(workers).fill(0);
  for (const work of shards) busy[busy.indexOf(Math.min(...busy))] += work;
  return Math.max(...busy);
}

export async function shardLines(): Promise<string[]> {
  const plan = planFaultReplay({ histories: CORPUS, faults: ['all'] });
  type Planned = (typeof plan.scenarios)[number];
  const engine = await startEngine(await bundleWithObserver({ workflowsPath: 'examples/workflows.ts' }), {
    ...processOptions(),
    cachedRuns: 64,
  });
  const decoder = new PayloadDecoder();
  try {
    // As a run follows it: a nested:<fault> scenario is its first fault, then one follow per compensation.
    const follow = (scenario: Planned, on: FollowEngine = engine) =>
      followPlanned(scenario, on, { decoder, maxRounds: 50 });
    const measured = emptyWork();
    for (const scenario of plan.scenarios) {
      const counter = new WorkCounter(engine);
      await follow(scenario, counter); // also the warm-up
      recordWork(measured, scenario, workUnits(counter.counts));
    }
    const times = new Map<Planned, number>();
    for (const scenario of plan.scenarios) {
      const samples: number[] = [];
      for (let i = 0; i < TIMINGS; i++) {
        const start = performance.now();
        await follow(scenario);
        samples.push(performance.now() - start);
      }
      times.set(scenario, samples.sort((a, b) => a - b)[Math.floor(TIMINGS / 2)]);
    }
    const total = [...times.values()].reduce((sum, ms) => sum + ms, 0);
    const lines = [`  ${plan.scenarios.length} scenarios timed alone, ${(total / 1000).toFixed(1)} s in all`];
    for (const copies of [1, 10]) {
      // A corpus of `copies` copies of each history: the same scenarios, the same measured times.
      const corpus = Array.from({ length: copies }, () => plan.scenarios).flat();
      lines.push(`  the corpus${copies > 1 ? ` × ${copies} (${corpus.length} scenarios)` : ''}:`);
      for (const [split, weights] of [
        ['by history length', shardWeight()],
        ['by --weights', shardWeight(measured)],
      ] as const) {
        const shardWork = (count: number) =>
          Array.from({ length: count }, (_, i) =>
            scenariosOfShard(corpus, { index: i + 1, count }, weights).reduce((sum, s) => sum + times.get(s)!, 0),
          );
        for (const workers of [2, 8, 64]) {
          // A worker runs one shard at a time (src/cli/worker.ts) and takes the next when free, in shard order.
          const busiest = (shards: number) => pulled(shardWork(shards), workers) / ((copies * total) / workers);
          const cells = [1, 4, 8].map((k) => `${k * workers} shards ${busiest(k * workers).toFixed(2)}×`);
          lines.push(
            `    ${split}, ${String(workers).padStart(2)} workers, the busiest one over the mean: ${cells.join(', ')} (target ≤ 1.10×)`,
          );
        }
      }
    }
    lines.push(`  load average ${loadavg()[0].toFixed(1)}`);
    return lines;
  } finally {
    await engine.close();
  }
}
