/** The committed corpus checked in full, then again unchanged with --incremental: the second run's share of the first (target ≤ 5%). */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runFaultReplay } from '../../src/run';
import type { FaultReplayOptions } from '../../src/model/options';
import { withCpu } from './cpu';

const CORPUS = {
  workflowsPath: 'examples/workflows.ts',
  histories: ['histories/tenant-provisioning', 'histories/order-fulfilment', 'histories/travel-booking'],
};

/** One check, in this process: its wall time, the CPU time of every process it used, and how many scenarios came from the file. */
export async function timedCheck(
  options: FaultReplayOptions,
): Promise<{ ms: number; cpuMs: number; cached: number; scenarios: number }> {
  const start = performance.now();
  const { value: result, cpuMs } = await withCpu(() => runFaultReplay(options));
  const scenarios = result.histories.flatMap((h) => h.scenarios);
  return {
    ms: performance.now() - start,
    cpuMs,
    cached: scenarios.filter((s) => s.cached).length,
    scenarios: scenarios.length,
  };
}

export async function incrementalLines(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-incremental-'));
  try {
    const file = join(dir, 'incremental.json');
    const full = await timedCheck({ ...CORPUS, incrementalPath: file });
    const unchanged = await timedCheck({ ...CORPUS, incrementalPath: file });
    const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
    return [
      `  full run        ${(full.ms / 1000).toFixed(1)} s wall, ${(full.cpuMs / 1000).toFixed(1)} s CPU, ${full.scenarios} scenarios`,
      `  --incremental   ${(unchanged.ms / 1000).toFixed(1)} s wall, ${(unchanged.cpuMs / 1000).toFixed(1)} s CPU, ${unchanged.cached} of ${unchanged.scenarios} from the file: ${share(unchanged.ms, full.ms)} of the full run's wall time, ${share(unchanged.cpuMs, full.cpuMs)} of its CPU (target ≤ 5%)`,
      `  load average ${loadavg()[0].toFixed(1)}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
