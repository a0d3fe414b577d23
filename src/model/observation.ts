import type { HistoryEvent } from '../history/events';

/** One command as golden files store it and diffs compare it: what it does and how it runs. */
export type ObservedCommand =
  | { activity: string; args: unknown[]; options: ActivityOptions }
  | { child: string; args: unknown[]; workflowId: string; options: ChildOptions }
  | { localActivity: string; args: unknown[]; options: LocalActivityOptions; failed?: true }
  | { timer: string }
  | { cancelTimer: string }
  | { cancelActivity: string }
  | { signal: string; args: unknown[]; workflowId: string }
  | { cancelWorkflow: string; childType?: string }
  | { patch: string; deprecated?: true };

/** The options that decide where and how an activity runs; only what the command sets. */
export interface ActivityOptions {
  /** `(workflow's)` when it runs on the workflow's own task queue. */
  taskQueue: string;
  startToClose?: string;
  scheduleToClose?: string;
  scheduleToStart?: string;
  heartbeat?: string;
  retry?: Record<string, unknown>;
  cancellationType?: string;
}

/**
 * What decides where and how a child workflow runs and what happens to it when its parent closes:
 * the task queue, the policies as the server applies them (the command's, else the server's
 * default: terminate on the parent's close, a closed id may be reused), and what the command sets.
 */
export interface ChildOptions {
  /** `(workflow's)` when it runs on the parent's own task queue. */
  taskQueue: string;
  parentClosePolicy: string;
  workflowIdReusePolicy: string;
  executionTimeout?: string;
  runTimeout?: string;
  taskTimeout?: string;
  retry?: Record<string, unknown>;
  cronSchedule?: string;
  memo?: Record<string, unknown>;
  searchAttributes?: Record<string, unknown>;
}

/** How a local activity runs (core runs it in the worker and retries it there): what the call sets. */
export interface LocalActivityOptions {
  startToClose?: string;
  scheduleToClose?: string;
  retry?: Record<string, unknown>;
}

/** What the worker saw of one live local activity call: its arguments and options, as the golden shows them. */
export interface LocalActivityCall {
  args: unknown[];
  options: LocalActivityOptions;
}

/** One level of a failure chain, outermost first. */
export interface FailureLevel {
  type: string;
  message: string;
  nonRetryable?: true;
  details?: unknown[];
}

export type Close =
  | { status: 'completed'; result: unknown }
  | { status: 'failed'; failure: FailureLevel[] }
  | { status: 'canceled'; details?: unknown[] }
  | { status: 'continued-as-new'; workflowType: string; args: unknown[]; taskQueue: string };

export type ErrorOutcome = 'nondeterministic' | 'workflow-task-failed' | 'stuck' | 'could-not-run';

/** What the workflow did after the fault, workflow task by workflow task, to its close. */
export interface Observation {
  /** The commands of each workflow task that issued any, in order: serial and parallel differ here. */
  tasks: ObservedCommand[][];
  close?: Close;
  /** Work the workflow scheduled and never saw finish before it closed: live, it never runs (or is cut off). */
  openAtClose?: string[];
  /** Children the tool ran (src/continue/child-runs.ts) that closed other than completed, by their own code: `child workflow X (event N) failed: …`. */
  childCloses?: string[];
  /**
   * Set when the path could not be followed to a close; `unanswered`: it stopped at a call whose
   * answer is not known (the commands up to there are still the workflow's own).
   */
  error?: { outcome: ErrorOutcome; message: string; unanswered?: true };
  /** Replays it took: one per workflow task answered, and the final proof replay. */
  rounds: number;
  /** Activity types answered with no known result (not in the history, not given with --results). */
  invented?: string[];
  /** The whole history the tool followed, as a server would have written it (for --repro and fidelity tests). */
  path?: HistoryEvent[];
}
