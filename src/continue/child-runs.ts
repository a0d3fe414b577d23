import type { ChildClose } from '../history/child-events';
import { idOf, type HistoryEvent } from '../history/events';
import { childRunId, runChild, type ChildRun, type Parent } from './child-run';
import type { FollowEngine } from './engine';
import type { FollowOptions } from './follow';
import { CHILD_TIME_MS, type OpenWork } from './open-work';
import { UnknownAnswer, type AnswerScenario, type Results } from './results';

/**
 * The children a scenario's path starts past the recorded prefix, each run once (./child-run.ts)
 * as its StartChildWorkflowExecutionInitiated is written: only those on the workflow's own task
 * queue (the worker under test polls it; a child sent elsewhere runs on a worker the tool does not
 * have) and only on the built-in worker. A run child the parent then signals or cancels is no longer
 * what the run saw (it was run alone), unless it never got past its first task.
 */
export class ChildRuns {
  private readonly runs = new Map<number, ChildRun>();
  /** The children whose close on the path is the run's, with their labels. */
  private readonly closedByRun = new Map<number, string>();
  private scanned: number;

  /** @param prefix the events the fault kept from the recorded history: the children they start are the recorded ones */
  constructor(
    private readonly parent: Omit<Parent, 'assumed'> & { taskQueue: string },
    prefix: number,
    private readonly engine: FollowEngine,
    private readonly options: FollowOptions,
  ) {
    this.scanned = engine.runsChildren ? prefix : Infinity;
  }

  /** Runs the children the path started since the last call; forgets the runs of children it signalled or cancelled since. */
  async runNew(path: HistoryEvent[], scenario: () => AnswerScenario, assumed: Set<string>): Promise<void> {
    for (; this.scanned < path.length; this.scanned++) {
      const event = path[this.scanned];
      const start = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (start && start.taskQueue?.name === this.parent.taskQueue) {
        const parent = { ...this.parent, assumed: [...assumed].sort() };
        this.runs.set(idOf(event.eventId), await runChild(parent, event, this.engine, this.options, scenario));
      }
      const sent =
        event.signalExternalWorkflowExecutionInitiatedEventAttributes ??
        event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
      if (sent) this.heard(path, sent.workflowExecution?.workflowId ?? '');
    }
  }

  /** The run id the server gives the child (the one it was run as), for its ChildWorkflowExecutionStarted. */
  runIdOf(initiatedEventId: number): string | undefined {
    return this.runs.has(initiatedEventId) ? childRunId(this.parent.runId, initiatedEventId) : undefined;
  }

  /** How long the child runs once started, by its run (Infinity: never closes on its own); undefined: not run. */
  childTime(initiatedEventId: number): number | undefined {
    const run = this.runs.get(initiatedEventId);
    if (!run || 'notRun' in run || 'unknown' in run) return undefined;
    return 'never' in run ? Infinity : Math.max(CHILD_TIME_MS, run.durationMs);
  }

  /** A child whose first workflow task already fails for ever: a cancellation never reaches its code. */
  ignoresCancel(initiatedEventId: number): boolean {
    const run = this.runs.get(initiatedEventId);
    return Boolean(run && 'never' in run && run.atStart);
  }

  /**
   * How a child the workflow waits for closes. A run that assumed nothing is the child's own code:
   * it comes first. Then the recorded history or `--results` for that call; then a run that rests
   * on assumed answers (listed with the scenario); then the rules (a result assumed, or none may be given).
   */
  close(initiated: HistoryEvent, path: HistoryEvent[], results: Results, label: string): ChildClose {
    const id = idOf(initiated.eventId);
    const run = this.runs.get(id);
    const ran = run && 'closes' in run ? run : undefined;
    const byRun = () => {
      this.closedByRun.set(id, label);
      for (const type of ran!.invented) results.invented.add(type);
      return ran!.closes;
    };
    if (ran && ran.invented.length === 0) return byRun();
    try {
      const known = results.knownChild(initiated, path);
      if (known) return { kind: 'completed', result: known.payloads };
    } catch (err) {
      if (!(err instanceof UnknownAnswer) || !ran) throw err;
      throw new UnknownAnswer(
        `${err.message}; the tool's run of it rests on answers it assumed (${ran.invented.join(', ')})`,
      );
    }
    if (run && 'unknown' in run) throw new UnknownAnswer(run.unknown);
    if (ran) return byRun();
    return { kind: 'completed', result: results.forChild(initiated, path) };
  }

  /** Why the open children that never close on their own do not (`; child workflow X (event N) never closes: …`). */
  neverClosing(open: OpenWork[]): string {
    return open
      .map((work) => {
        const run = work.kind === 'child' ? this.runs.get(idOf(work.event.eventId)) : undefined;
        return run && 'never' in run ? `; ${work.label} never closes: ${run.never}` : '';
      })
      .join('');
  }

  /** What the runs show at the parent's close: work the children left open at theirs, and how those that did not complete closed. */
  atClose(): { open: string[]; closes: string[] } {
    const open: string[] = [];
    const closes: string[] = [];
    for (const [id, label] of this.closedByRun) {
      const run = this.runs.get(id);
      if (!run || !('closes' in run)) continue;
      open.push(...(run.open ?? []).map((work) => `${work} in ${label}`));
      if (run.closes.kind !== 'completed') closes.push(`${label} ${closeText(run.closes)}`);
    }
    return { open, closes };
  }

  private heard(path: HistoryEvent[], workflowId: string): void {
    for (const [id, run] of this.runs) {
      const start = path[id - 1]?.startChildWorkflowExecutionInitiatedEventAttributes;
      if (start?.workflowId !== workflowId || this.closedByRun.has(id)) continue;
      if ('never' in run && run.atStart) continue;
      this.runs.set(id, { notRun: 'its parent signals or cancels it while it runs (it was run alone)' });
    }
  }
}

function closeText(close: ChildClose): string {
  if (close.kind === 'failed') return `failed: ${close.failure.message ?? ''}`;
  return close.kind === 'timed-out' ? 'timed out' : close.kind;
}
