import { readdirSync, readFileSync } from 'node:fs';

/** `getconf CLK_TCK` on every Linux Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A child process's own CPU time in ms (Linux), else the wall clock: a loop burns CPU, a busy
 * machine only stretches the wall clock, and must not make slow work look like a deadlock.
 */
export function cpuClock(pid: number | undefined): number {
  return ownCpu(pid) ?? Date.now();
}

/**
 * The same for a process and every process it started, as they are now: a shell command's worker
 * is the shell's child, and its work counts where it runs.
 */
export function treeCpuClock(pid: number | undefined): number {
  if (ownCpu(pid) === undefined) return Date.now();
  let total = 0;
  const pending = [pid!];
  const seen = new Set<number>();
  while (pending.length) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    total += ownCpu(next) ?? 0; // gone meanwhile
    pending.push(...childrenOf(next));
  }
  return total;
}

function ownCpu(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
