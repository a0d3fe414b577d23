/** What the workflow did after the fault, in a form golden files store and diffs compare. */
export type ObservedCommand =
  | { activity: string; args: unknown[] }
  | { timer: string };

export type Close =
  | { status: 'completed'; result: unknown }
  | { status: 'failed'; failure: string[] }
  | { status: 'canceled' }
  | { status: 'continued-as-new'; workflowType: string };

export type ErrorOutcome = 'nondeterministic' | 'workflow-task-failed' | 'stuck' | 'could-not-run';

export interface Observation {
  commands: ObservedCommand[];
  close?: Close;
  /** Set when the path could not be followed to a close. */
  error?: { outcome: ErrorOutcome; message: string };
  /** Replays it took, the first (the fault) included. */
  rounds: number;
}
