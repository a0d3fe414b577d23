import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { ChaosFault } from './faults/fault';

/** The step a run injects at: the nth activity of this type the workflow schedules (1-based). */
export interface ChaosTarget {
  activityType: string;
  occurrence: number;
}

export interface ChaosAssignment {
  fault: ChaosFault;
  target: ChaosTarget;
}

interface RunState {
  assignment?: ChaosAssignment;
  /** activityId → its occurrence among the activities of its type (retries keep their id). */
  occurrences: Map<string, number>;
  countByType: Map<string, number>;
  injected: boolean;
}

/**
 * The tool worker's activity interceptor: looks up the fault assigned to the calling workflow
 * (by workflow id; a child workflow's activities belong to its root's run) and lets the fault
 * decide how the team's activity body runs. Workflows without an assignment (the happy run) run
 * untouched.
 */
export class ChaosInjector {
  private readonly runs = new Map<string, RunState>();
  /** Child workflow id → the id of the chaos run it belongs to (its root ancestor). */
  private readonly roots = new Map<string, string | undefined>();

  private parentOf?: (workflowId: string) => Promise<string | undefined>;

  /** A lookup of a workflow's parent on the server, so child workflows' activities count in their root's run. */
  lookUpParentsWith(parentOf: (workflowId: string) => Promise<string | undefined>): void {
    this.parentOf = parentOf;
  }

  assign(workflowId: string, assignment?: ChaosAssignment): void {
    this.runs.set(workflowId, { assignment, occurrences: new Map(), countByType: new Map(), injected: false });
  }

  /** Whether the run's fault actually happened (its target step was reached). */
  injected(workflowId: string): boolean {
    return this.runs.get(workflowId)?.injected ?? false;
  }

  release(workflowId: string): void {
    this.runs.delete(workflowId);
    for (const [child, root] of this.roots) if (root === workflowId) this.roots.delete(child);
  }

  private async stateOf(workflowId: string): Promise<RunState | undefined> {
    const own = this.runs.get(workflowId);
    if (own || !this.parentOf) return own;
    if (!this.roots.has(workflowId)) this.roots.set(workflowId, await this.rootOf(workflowId, 0));
    const root = this.roots.get(workflowId);
    return root === undefined ? undefined : this.runs.get(root);
  }

  private async rootOf(workflowId: string, depth: number): Promise<string | undefined> {
    if (this.runs.has(workflowId)) return workflowId;
    const parent = depth < 10 ? await this.parentOf?.(workflowId).catch(() => undefined) : undefined;
    return parent === undefined ? undefined : this.rootOf(parent, depth + 1);
  }

  factory(): ActivityInterceptorsFactory {
    return (ctx: Context) => ({
      inbound: {
        execute: async (input, next) => {
          const workflowId = ctx.info.workflowExecution?.workflowId ?? '';
          const state = await this.stateOf(workflowId);
          if (!state?.assignment) return next(input);
          const { fault, target } = state.assignment;
          const { activityType, attempt } = ctx.info;
          const occurrence = occurrenceOf(
            state,
            `${workflowId}:${ctx.info.isLocal ? 'local' : 'remote'}:${ctx.info.activityId}`,
            activityType,
          );
          return fault.execute({
            target: activityType === target.activityType && occurrence === target.occurrence,
            afterInjection: state.injected,
            attempt,
            activityType,
            markInjected: () => (state.injected = true),
            run: () => next(input),
          });
        },
      },
    });
  }
}

function occurrenceOf(state: RunState, key: string, activityType: string): number {
  const known = state.occurrences.get(key);
  if (known !== undefined) return known;
  const occurrence = (state.countByType.get(activityType) ?? 0) + 1;
  state.countByType.set(activityType, occurrence);
  state.occurrences.set(key, occurrence);
  return occurrence;
}
