/** Scenarios per second on the committed corpus with one worker process and with two, side by side. */
import { performance } from 'node:perf_hooks';
import { runFaultReplay } from '../../src/run';

const CORPUS = { workflowsPath: 'examples/workflows.ts', histories: ['histories/tenant-provisioning', 'histories/order-fulfilment'] };

async function timedRun(workers: number): Promise<{ ms: number; scenarios: number }> {
  const start = performance.now();
  const result = await runFaultReplay({ ...CORPUS, workers });
  return { ms: performance.now() - start, scenarios: result.histories.reduce((n, h) => n + h.scenarios.length, 0) };
}

export async function workerLines(): Promise<string[]> {
  // Alternated, so drift in the machine's speed falls on both alike.
  const one = [await timedRun(1)];
  const two = [await timedRun(2)];
  one.push(await timedRun(1));
  two.push(await timedRun(2));
  const rate = (runs: typeof one) => runs.reduce((n, r) => n + r.scenarios, 0) / (runs.reduce((ms, r) => ms + r.ms, 0) / 1000);
  return [
    `  --workers 1   ${rate(one).toFixed(1)} scenarios/s`,
    `  --workers 2   ${rate(two).toFixed(1)} scenarios/s   (${(rate(two) / rate(one)).toFixed(2)}×, target ≥ 1.6× on 2 cores)`,
  ];
}
