import type { Report } from './model';
import type { HistoryResult, ScenarioResult } from '../judge/results';

/** Where reporters write: the process's streams, or a test's buffers. */
export interface ReportIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (a progress line is only drawn there). */
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Clock for rates (tests pass their own). */
  now(): number;
}

export interface PlannedRun {
  scenarios: number;
  histories: number;
}

/**
 * A reporter: every hook optional. The engine calls `runPlanned` once the scenarios are listed and
 * `scenarioFollowed` as each one reaches its close; `scenarioJudged` comes with each verdict and
 * `runDone` with the whole report (the same object the JSON report is).
 */
export interface Reporter<R = Report> {
  runPlanned?(plan: PlannedRun): void;
  scenarioFollowed?(): void;
  scenarioJudged?(history: HistoryResult, scenario: ScenarioResult): void;
  runDone?(report: R): void;
}

/** The options of `check` / `merge` that reporters read. */
export interface ReporterOptions {
  json?: string;
  junit?: string;
  markdown?: string;
  annotations?: boolean;
  verbose?: boolean;
}

/** One reporter made of many: each hook is called on every reporter that has it, in order. */
export function fanOut<R = Report>(reporters: Array<Reporter<R>>): Required<Reporter<R>> {
  return {
    runPlanned: (plan) => reporters.forEach((r) => r.runPlanned?.(plan)),
    scenarioFollowed: () => reporters.forEach((r) => r.scenarioFollowed?.()),
    scenarioJudged: (history, scenario) => reporters.forEach((r) => r.scenarioJudged?.(history, scenario)),
    runDone: (report) => reporters.forEach((r) => r.runDone?.(report)),
  };
}

export function processIO(): ReportIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    now: () => Date.now(),
  };
}
