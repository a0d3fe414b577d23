import { availableParallelism } from 'node:os';

/**
 * Workers when `--workers` is not given: FAULT_REPLAY_WORKERS, else one for every two cores (at
 * most 4). A worker is two busy processes, a live one and a replay one (with the main process,
 * one worker keeps ≈ 1.8 of two cores busy), so one a core would run twice as many processes as
 * cores: on two cores that was slower on the corpus and on 1,000 small histories (faster only on
 * a 200-step saga), and ≈ 0.4 GiB bigger (docs/scale.md).
 */
export function defaultWorkers(): number {
  return Number(process.env.FAULT_REPLAY_WORKERS) || Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));
}
