/** What the workflow did after the fault, in a form golden files store and diffs compare. */
export type ObservedCommand =
  | { activity: string; args: unknown[] }
  | { timer: string };

export type Close =
  | { status: 'completed'; result: unknown }
  | { status: 'failed'; failure: string[] }
  | { status: 'canceled' }
  | { status: 'continued-as-new'; workflowType: string };

export type ErrorOutcome = 'nondeterministic' | 'workflow-task-failed' | 'stuck';

export interface Observation {
  commands: ObservedCommand[];
  close?: Close;
  /** Set when the path could not be followed to a close. */
  error?: { outcome: ErrorOutcome; message: string };
  /** A command the tool cannot answer yet: the scenario could not be checked (exit 2, not 1). */
  unsupportedCommand?: string;
  /** Replays it took, the first (the fault) included. */
  rounds: number;
}
