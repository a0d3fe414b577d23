import type { RunResult } from '../../src/model/results';

/**
 * What each verdict of a run says, one line a scenario, without the marks that tell how it was
 * reached (`cached`, `predicted`): two runs that must agree (prediction on and off, --narrow-keys
 * and a full run) are compared line by line.
 */
export function verdictLines(result: RunResult): string[] {
  return result.histories.flatMap((history) =>
    history.scenarios.map((s) =>
      JSON.stringify({
        file: history.file,
        step: s.step,
        fault: s.fault,
        outcome: s.outcome,
        detail: s.detail,
        // The raw path (kept for --repro) differs between two live runs too: a local activity's marker holds its wall-clock time.
        observed: s.observed && { ...s.observed, path: undefined },
        laws: s.laws,
      }),
    ),
  );
}
