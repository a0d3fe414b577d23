/**
 * `check --distribute` with two fault-replay workers on this machine against a local `check` of
 * the same corpus, both by the real bin, alternated (local, 2 shards, 4 shards, twice) after one
 * distributed warm-up, on a dev server the bench starts. Target: within 10% of the local run.
 * On one machine the two workers share its cores with each other, the server and the coordinator:
 * the ratio shows what the distribution itself costs (the workflow, the shard activities, the
 * reports sent back gzipped and merged), not what more machines would gain.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startServer } from '../../src/server/environment';

const WORKFLOWS = 'examples/workflows.ts';
const HISTORIES = ['histories/tenant-provisioning', 'histories/order-fulfilment', 'histories/travel-booking'];
const QUEUE = `bench-distribute-${process.pid}`;

interface Finished {
  status: number | null;
  stderr: string;
}

function bin(args: string[]): { done: Promise<Finished>; kill(): void; stderr(): string } {
  const { GITHUB_ACTIONS: _unset, ...env } = process.env;
  const child = spawn(process.execPath, ['bin/fault-replay.js', ...args], { env });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Finished>((resolve) => child.on('close', (status) => resolve({ status, stderr })));
  return { done, kill: () => child.kill('SIGKILL'), stderr: () => stderr };
}

async function timed(args: string[]): Promise<number> {
  const start = performance.now();
  const run = await bin(args).done;
  if (run.status !== 0) throw new Error(`fault-replay ${args[0]} exited ${run.status}: ${run.stderr.trim()}`);
  return (performance.now() - start) / 1000;
}

export async function distributeLines(): Promise<string[]> {
  const env = await startServer('dev');
  const address = env.connection.options.address;
  const workers = [0, 1].map(() =>
    bin(['worker', '--address', address, '--task-queue', QUEUE, '--workflows', WORKFLOWS, '--histories-root', '.']),
  );
  try {
    for (const worker of workers) {
      const start = Date.now();
      while (!worker.stderr().includes('polling task queue')) {
        if (Date.now() - start > 120_000) throw new Error(`a worker did not start: ${worker.stderr().trim()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const check = ['check', '--workflows', WORKFLOWS, '--histories', ...HISTORIES];
    const distributed = (shards: number) => [
      ...check,
      '--distribute',
      '--address',
      address,
      '--task-queue',
      QUEUE,
      '--shards',
      String(shards),
    ];
    await timed(distributed(2)); // warm-up: each worker bundles the workflows once
    const local: number[] = [];
    const spread: Record<number, number[]> = { 2: [], 4: [] };
    for (let i = 0; i < 2; i++) {
      local.push(await timed(check));
      for (const shards of [2, 4]) spread[shards].push(await timed(distributed(shards)));
    }
    const best = (times: number[]) => Math.min(...times);
    const seconds = (times: number[]) => times.map((s) => s.toFixed(1)).join(', ');
    return [
      `  local check: ${seconds(local)} s`,
      ...[2, 4].map(
        (shards) =>
          `  --distribute, 2 workers, ${shards} shards: ${seconds(spread[shards])} s, best ${(best(spread[shards]) / best(local)).toFixed(2)}× the local run (target ≤ 1.10×)`,
      ),
      '  (a worker keeps its bundle and engine processes from its first shard on; a local check bundles and starts them each run; each shard still replays every recorded history)',
      `  load average ${loadavg()[0].toFixed(1)}`,
    ];
  } finally {
    for (const worker of workers) worker.kill();
    await env.teardown();
  }
}
