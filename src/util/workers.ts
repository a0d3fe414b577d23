import { availableParallelism } from 'node:os';

/** Worker processes of each kind when `--workers` is not given: FAULT_REPLAY_WORKERS, else the cores (at most 4). */
export function defaultWorkers(): number {
  return Number(process.env.FAULT_REPLAY_WORKERS) || Math.min(4, availableParallelism());
}
