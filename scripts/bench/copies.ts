/**
 * A large corpus: BENCH_COPIES (default 1000) copies of the committed happy history, checked with
 * activity-failed. Shows that results stream (the first history is judged long before the last)
 * and that memory stays flat: the peak RSS of the whole process tree (the run and its worker
 * processes), sampled as it runs. Target: under 1 GiB. The run is the built package (lib/, built
 * first) in a plain Node process, as an installed tool runs: from a checkout every worker process
 * would also carry ts-node and its transpiler (≈ 100 MiB each).
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';

const COPIES = Number(process.env.BENCH_COPIES ?? 1000);
const HAPPY = 'histories/tenant-provisioning/happy.json';

/** Resident memory of this process and all its descendants, in bytes (Linux /proc), by kind of process. */
function treeRss(root: number): { total: number; byKind: Map<string, number> } {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => pid === root || (pid > 1 && parents.has(pid) && inTree(parents.get(pid)!));
  const byKind = new Map<string, number>();
  let total = 0;
  for (const [pid, bytes] of rss) {
    if (!inTree(pid)) continue;
    total += bytes;
    const kind = pid === root ? 'main' : processKind(pid);
    byKind.set(kind, (byKind.get(kind) ?? 0) + bytes);
  }
  return { total, byKind };
}

function processKind(pid: number): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /live[/\\]child/.test(command) ? 'live' : /replay[/\\]child/.test(command) ? 'replay' : 'other';
  } catch {
    return 'other';
  }
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Runs in the child: the built package's runFaultReplay on the copies; prints its timings as JSON. */
const RUNNER = `
const { performance } = require('node:perf_hooks');
const { runFaultReplay } = require(process.cwd() + '/lib/src/run');
const start = performance.now();
let firstJudged = 0, judged = 0;
runFaultReplay({
  workflowsPath: 'examples/tenant-provisioning/workflows.ts', histories: [process.argv[1]], faults: ['activity-failed'], goldens: false, laws: false,
  hooks: { scenarioJudged: () => (judged++ === 0 ? (firstJudged = performance.now() - start) : undefined) },
}).then((result) => {
  const scenarios = result.histories.reduce((n, h) => n + h.scenarios.length, 0);
  console.log(JSON.stringify({ ms: performance.now() - start, firstJudged, scenarios }));
  process.exit(0);
});`;

export async function copiesLines(): Promise<string[]> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'fault-replay-copies-'));
  for (let i = 0; i < COPIES; i++) copyFileSync(HAPPY, join(dir, `happy-${String(i).padStart(5, '0')}.json`));
  const child = spawn(process.execPath, ['-e', RUNNER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peak = { total: 0, byKind: new Map<string, number>() };
  const sampler = setInterval(() => {
    const now = treeRss(child.pid!);
    if (now.total > peak.total) peak = now;
  }, 500);
  try {
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve)); // 'close': stdout read to its end
    if (code !== 0) throw new Error(`the copies run exited with ${code}`);
    const { ms, firstJudged, scenarios } = JSON.parse(output.trim().split('\n').pop()!) as {
      ms: number;
      firstJudged: number;
      scenarios: number;
    };
    return [
      `  ${COPIES} copies, ${scenarios} scenarios in ${(ms / 1000).toFixed(1)} s (${(scenarios / (ms / 1000)).toFixed(1)} scenarios/s), the built package`,
      `  first history judged after ${(firstJudged / 1000).toFixed(1)} s (results stream)`,
      `  peak RSS, run + worker processes ${mib(peak.total)} MiB   (target < 1024 MiB)`,
      `    at the peak: ${[...peak.byKind]
        .sort()
        .map(([kind, bytes]) => `${kind} ${mib(bytes)}`)
        .join(', ')} MiB`,
    ];
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}
