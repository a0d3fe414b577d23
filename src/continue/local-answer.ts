import type { HistoryEvent } from '../history/events';
import type { LocalActivityAnswer } from '../live/local-activities';
import { UnknownAnswer, type Results } from './results';

/** A live local activity's answer by the scenario's rules: its result, none (assumed), or unknown (the scenario could not run). */
export function localAnswer(
  results: Results,
  type: string,
  args: unknown[],
  rank: number,
  path: HistoryEvent[],
): LocalActivityAnswer {
  try {
    const known = results.forLocalActivity(type, args, rank, path);
    return known?.value === undefined && results.invented.has(type) ? { invented: true } : { result: known?.value };
  } catch (err) {
    if (err instanceof UnknownAnswer) return { unknown: err.message };
    throw err;
  }
}
