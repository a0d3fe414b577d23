/** CPU time of this process and of the worker processes it starts (Linux /proc), for "how many cores did a run use"; and wall time. */
import { performance } from 'node:perf_hooks';
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK = 100 on every Linux Node supports

function childPids(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    try {
      pids.push(
        ...readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number),
      );
    } catch {
      // a thread that ended meanwhile
    }
  }
  return pids;
}

function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Runs `work`, sampling the CPU time of the child processes every 50 ms (a child's last 50 ms may be missed). */
export async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const seen = new Map<number, number>();
  const sample = () => {
    for (const pid of childPids()) {
      const ms = cpuMs(pid);
      if (ms !== undefined) seen.set(pid, Math.max(ms, seen.get(pid) ?? 0));
    }
  };
  const before = process.cpuUsage();
  const timer = setInterval(sample, 50);
  try {
    const value = await work();
    sample();
    const own = process.cpuUsage(before);
    return { value, cpuMs: (own.user + own.system) / 1000 + [...seen.values()].reduce((a, b) => a + b, 0) };
  } finally {
    clearInterval(timer);
  }
}

/** Wall time of `work`, with its value. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
