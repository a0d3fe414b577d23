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
 * (by workflow id) and lets the fault decide how the team's activity body runs. Workflows without
 * an assignment (the happy run, child workflows) run untouched.
 */
export class ChaosInjector {
  private readonly runs = new Map<string, RunState>();

  assign(workflowId: string, assignment?: ChaosAssignment): void {
    this.runs.set(workflowId, { assignment, occurrences: new Map(), countByType: new Map(), injected: false });
  }

  /** Whether the run's fault actually happened (its target step was reached). */
  injected(workflowId: string): boolean {
    return this.runs.get(workflowId)?.injected ?? false;
  }

  release(workflowId: string): void {
    this.runs.delete(workflowId);
  }

  factory(): ActivityInterceptorsFactory {
    return (ctx: Context) => ({
      inbound: {
        execute: (input, next) => {
          const state = this.runs.get(ctx.info.workflowExecution?.workflowId ?? '');
          if (!state?.assignment) return next(input);
          const { fault, target } = state.assignment;
          const { activityType, attempt } = ctx.info;
          const occurrence = occurrenceOf(state, `${ctx.info.isLocal ? 'local' : 'remote'}:${ctx.info.activityId}`, activityType);
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
