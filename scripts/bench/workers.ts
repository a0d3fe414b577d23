/** Scenarios per second on the committed corpus with one worker process and with two, side by side, and the cores each kept busy. */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { runFaultReplay } from '../../src/run';
import { withCpu } from './cpu';

const CORPUS = {
  workflowsPath: 'examples/workflows.ts',
  histories: ['histories/tenant-provisioning', 'histories/order-fulfilment'],
};

async function timedRun(workers: number): Promise<{ ms: number; cpuMs: number; scenarios: number }> {
  const start = performance.now();
  const { value: result, cpuMs } = await withCpu(() => runFaultReplay({ ...CORPUS, workers }));
  return {
    ms: performance.now() - start,
    cpuMs,
    scenarios: result.histories.reduce((n, h) => n + h.scenarios.length, 0),
  };
}

export async function workerLines(): Promise<string[]> {
  // Alternated, so drift in the machine's speed falls on both alike.
  const one = [await timedRun(1)];
  const two = [await timedRun(2)];
  one.push(await timedRun(1));
  two.push(await timedRun(2));
  const wall = (runs: typeof one) => runs.reduce((ms, r) => ms + r.ms, 0);
  const rate = (runs: typeof one) => runs.reduce((n, r) => n + r.scenarios, 0) / (wall(runs) / 1000);
  // user + sys of the run and its worker processes over the wall time: the cores the run kept busy.
  const cores = (runs: typeof one) => runs.reduce((ms, r) => ms + r.cpuMs, 0) / wall(runs);
  return [
    `  --workers 1   ${rate(one).toFixed(1)} scenarios/s   CPU ${cores(one).toFixed(2)} cores`,
    `  --workers 2   ${rate(two).toFixed(1)} scenarios/s   CPU ${cores(two).toFixed(2)} cores   (${(rate(two) / rate(one)).toFixed(2)}×, target ≥ 1.6× on 2 cores)`,
    `  load average ${loadavg()[0].toFixed(1)} (other work on the machine)`,
  ];
}
