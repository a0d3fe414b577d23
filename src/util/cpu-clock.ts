import { readFileSync } from 'node:fs';

/** `getconf CLK_TCK` on every Linux Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A child process's own CPU time in ms (Linux), else the wall clock: a loop burns CPU, a busy
 * machine only stretches the wall clock, and must not make slow work look like a deadlock.
 */
export function cpuClock(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
  } catch {
    return Date.now();
  }
}
