/**
 * A saga whose rollback busy-loops (test/fixtures/truthful/variants/busy-loop.ts: `for (;;) {}`
 * after the first undo), checked as a user runs it: the real bin, the default fault kinds,
 * deadline and workers, on its 4-step happy history. Each looping scenario costs its deadline and a
 * warm restart; the whole check must end in under 2 minutes on 2 cores (target).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export function busyLoopLines(): string[] {
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      'bin/fault-replay.js',
      'check',
      '--workflows',
      'test/fixtures/truthful/variants/busy-loop.ts',
      '--histories',
      'test/fixtures/truthful/histories/happy.json',
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  const seconds = (performance.now() - start) / 1000;
  const crashed = (run.stdout.match(/did not yield within/g) ?? []).length;
  const summary = run.stdout.split('\n').find((line) => / scenarios? in \d+ histor/.test(line)) ?? run.stderr.trim();
  return [
    `  ${seconds.toFixed(1)} s wall, exit ${run.status} (target under 120 s): ${summary}`,
    `  ${crashed ? 'the loop named in the findings ("did not yield within …")' : 'no "did not yield" finding shown (terminal shows the first groups)'}`,
    `  load average ${loadavg()[0].toFixed(1)}`,
  ];
}
