import type { LazyEngine } from '../continue/engine';
import type { IncrementalRun } from '../incremental/incremental';
import type { LoadedHistory } from '../model/history';
import { outcomeOfReplayError } from '../model/outcome';
import type { Problem } from '../model/problem';
import type { HistoryResult } from '../model/results';
import { liveTask } from '../replay/activations';
import { isRedacted } from '../record/redact';

/** What a worker says of a workflow type it does not have: TypeScript (replayer or worker), Python, Go. */
const NOT_EXPORTED =
  /no such function is exported|Failed to initialize workflow of type .*: expected a function|is not registered on this worker|unable to find workflow type/;

/**
 * Stage 2 of a run (../run.ts): replay each recorded history as it is. A history whose workflow type the bundle lacks
 * cannot be checked (a problem); one that no longer replays, or whose open last task now fails, is
 * a regression, and its scenarios still run.
 */
/** `workflowsPath`: the module the built-in worker runs; undefined with --worker-command (the team's worker registers the workflows). */
export async function replayRecorded(
  histories: LoadedHistory[],
  engine: LazyEngine,
  workflowsPath: string | undefined,
  problems: Problem[],
  cache?: IncrementalRun,
) {
  const usable = new Map<LoadedHistory, HistoryResult['replay']>();
  const known = histories.map((history) => cache?.replay(cache.historyKey(history)));
  const replay = async (history: LoadedHistory) =>
    (await engine.get()).prove(history.history, {
      workflowId: history.workflowId,
      runId: history.runId,
      workflowType: history.workflowType,
    });
  // A replay the run's stop (Ctrl-C) cut short is left out; a replay process that died is a problem line, never silence.
  const outcomes = await Promise.all(
    histories.map((history, index) =>
      known[index]
        ? undefined
        : replay(history).catch((err: Error) => (/stopped/.test(err.message) ? undefined : { died: err.message })),
    ),
  );
  histories.forEach((history, index) => {
    const cached = known[index];
    if (cached) return usable.set(history, cached);
    const outcome = outcomes[index];
    if (!outcome) return; // stopped
    if ('died' in outcome)
      return problems.push({
        kind: 'does-not-replay',
        file: history.file,
        message: `could not be replayed: ${outcome.died}`,
      });
    const error = outcome.error;
    if (error && NOT_EXPORTED.test(error.message)) {
      const where = workflowsPath ? `exported by ${workflowsPath}` : 'registered by the worker of --worker-command';
      problems.push({
        kind: 'not-exported',
        file: history.file,
        message: `workflow type ${history.workflowType} is not ${where}`,
      });
    } else if (error && error.kind === 'replay-failed') {
      problems.push({ kind: 'does-not-replay', file: history.file, message: `does not replay: ${error.message}` });
    } else if (error && isRedacted(history.history)) {
      // Not the code's fault: the workflow branches on a value --redact replaced (src/record/redact.ts).
      problems.push({
        kind: 'does-not-replay',
        file: history.file,
        message: `redacted (--redact), and redaction changed the path the workflow takes: its recorded path does not replay with the hashed values (${error.message}); capture it without --redact, or without the option that hashed what it branches on`,
      });
    } else if (error) {
      usable.set(history, { ok: false, outcome: outcomeOfReplayError(error.kind), message: error.message });
    } else {
      // A history captured while running ends with an open task, which the replayer runs live and
      // would let fail silently (replay-notes.md): the observer shows it.
      const crash = liveTask(outcome.events).failure;
      usable.set(
        history,
        crash
          ? {
              ok: false,
              outcome: 'workflow-task-failed',
              message: `its open workflow task fails with today's code: ${crash}`,
            }
          : { ok: true },
      );
      cache?.keepReplay(cache.historyKey(history), usable.get(history)!);
    }
  });
  return usable;
}
