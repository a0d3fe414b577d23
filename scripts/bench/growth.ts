/**
 * Growth with the saga's length: `check` (activity-failed at every step) on the n-step saga recorded
 * for N = 10, 50, 100, 200 and 1000 (histories/n-step-saga, `npm run record:bench`), side by side in one run.
 * A fault at step k takes k undo tasks, so the events the scenarios hand the worker grow as N²; the
 * target is a growth exponent ≤ 2.2 from N = 50 to N = 200 (time ∝ N^exponent), N = 200 in under 2
 * minutes and N = 1000 in under 15, every scenario followed to the failed close (none stuck).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runFaultReplay } from '../../src/run';

export const GROWTH_SIZES = [10, 50, 100, 200, 1000];

export function nStepFixture(steps: number): string {
  const plain = `histories/n-step-saga/steps-${steps}.json`;
  return existsSync(plain) ? plain : `${plain}.gz`;
}

export interface GrowthPoint {
  steps: number;
  ms: number;
  scenarios: number;
  compensated: number;
}

export async function measureGrowth(
  sizes = process.env.BENCH_SIZES?.split(',').map(Number) ?? GROWTH_SIZES,
  workers?: number,
): Promise<GrowthPoint[]> {
  const points: GrowthPoint[] = [];
  for (const steps of sizes) {
    const start = performance.now();
    const result = await runFaultReplay({
      workflowsPath: 'examples/n-step-saga/workflows.ts',
      histories: [nStepFixture(steps)],
      faults: ['activity-failed'],
      goldens: false,
      laws: false,
      workers,
    });
    const scenarios = result.histories.flatMap((h) => h.scenarios);
    points.push({
      steps,
      ms: performance.now() - start,
      scenarios: scenarios.length,
      compensated: scenarios.filter((s) => s.observed?.close?.status === 'failed').length,
    });
  }
  return points;
}

/** The exponent e in time ∝ N^e between two sizes. */
export function growthExponent(a: GrowthPoint, b: GrowthPoint): number {
  return Math.log(b.ms / a.ms) / Math.log(b.steps / a.steps);
}

export function growthLines(points: GrowthPoint[]): string[] {
  const lines = points.map(
    (p) =>
      `  N=${String(p.steps).padEnd(4)} ${(p.ms / 1000).toFixed(1).padStart(7)} s   ${p.scenarios} scenarios, ${p.compensated} followed to the failed close${p.steps === 200 ? '   (target < 120 s)' : p.steps === 1000 ? '   (target < 900 s)' : ''}`,
  );
  const at = (n: number) => points.find((p) => p.steps === n);
  const [from, to] = [at(50), at(200)];
  if (from && to)
    lines.push(`  growth exponent N=50→200      ${growthExponent(from, to).toFixed(2)}   (target ≤ 2.20)`);
  return lines;
}
