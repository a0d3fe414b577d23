import type { Close, ErrorOutcome, ObservedCommand } from './observation';

/** What a scenario is expected to do: the commands of each workflow task after the fault, and the close. */
export interface Expectation {
  tasks: ObservedCommand[][];
  close?: Close;
  openAtClose?: string[];
  /** Children the tool ran that closed other than completed (src/continue/child-runs.ts). */
  childCloses?: string[];
  /** Recorded so a PR diff shows it; a scenario with an error is a finding whatever its golden says. */
  error?: ErrorOutcome;
  notApplicable?: string;
}

export interface GoldenEntry extends Expectation {
  step: number;
  activityType: string;
  fault: string;
}

export interface GoldenFile {
  history: string;
  workflowType: string;
  workflowId?: string;
  scenarios: GoldenEntry[];
}
