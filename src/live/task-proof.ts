import { temporal } from '@temporalio/proto';
import type { History } from '../history/events';
import { LivePool, type LivePoolOptions } from './pool';
import type { WorkerLaunch } from './launch';
import { describeTaskFailure, type ReplayError } from '../replay/errors';
import { commandLines, lastTask } from '../replay/last-task';
import type { ReplayOutcome } from '../replay/session';

const { WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** A history to prove and the run it is: the run id the worker sees (the one the path was followed under). */
export interface ProofRun {
  workflowId: string;
  runId: string;
  workflowType: string;
}

/**
 * The proof replay for a worker of any SDK (--worker-command): a whole closed path, from its first
 * event, handed as one workflow task to worker processes of their own, which never held the run —
 * as after a worker restart. Core replays every task before the last and checks each against its
 * events; the last runs live, and its commands must be the ones the path recorded for it (kind
 * and identity, as core compares them). What the SDK's replayer proves for the built-in worker.
 */
export class TaskProof {
  private readonly pool: LivePool;

  constructor(launch: WorkerLaunch, options: LivePoolOptions) {
    this.pool = new LivePool(launch, options);
  }

  started(): Promise<void> {
    return this.pool.started();
  }

  async prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    const task = lastTask(history.events ?? []);
    if (!task) return failed('replay-failed', 'the history has no workflow task to replay');
    const answer = await this.pool.runTask({ ...run, events: task.events }).finally(() => this.pool.forget(run.runId));
    if ('timedOut' in answer) return failed('workflow-task-failed', answer.timedOut);
    if ('lost' in answer) return failed('replay-failed', answer.lost);
    if ('failed' in answer) return failed(...failureKind(answer.failed, !task.commands));
    if (answer.unknown) return failed('replay-failed', answer.unknown);
    if (!task.commands) return { events: [] };
    const replayed = commandLines(answer.completed.commands ?? []);
    if (replayed.join('\n') === task.commands.join('\n')) return { events: [] };
    return failed(
      'nondeterministic',
      `replayed from the start, the workflow task of event ${task.events.length} answers ${list(replayed)} where the history records ${list(task.commands)}`,
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  kill(): void {
    this.pool.kill();
  }
}

function failed(kind: ReplayError['kind'], message: string): ReplayOutcome {
  return { events: [], error: { kind, message } };
}

function failureKind(
  failure: temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest,
  open: boolean,
): [ReplayError['kind'], string] {
  const message = failure.failure?.message ?? 'the workflow task failed';
  if (failure.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR)
    return ['nondeterministic', message];
  const thrown = describeTaskFailure(failure.failure);
  return ['workflow-task-failed', open ? `its open workflow task fails with today's code: ${thrown}` : thrown];
}

function list(lines: string[]): string {
  return lines.length ? lines.join(', ') : 'no command';
}
