import type { Report } from './model';
import type { HistoryResult, ScenarioResult } from '../model/results';
import { faultReplayLine } from './escape';

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
  html?: string;
  annotations?: boolean;
  /** check's --workflows: the HTML report's repro commands name it (merge has none). */
  workflows?: string;
  verbose?: boolean;
}

/** One reporter made of many: each hook is called on every reporter that has it, in order. */
export function fanOut<R = Report>(reporters: Array<Reporter<R>>): Required<Reporter<R>> {
  return {
    runPlanned: (plan) => reporters.forEach((r) => r.runPlanned?.(plan)),
    scenarioFollowed: () => reporters.forEach((r) => r.scenarioFollowed?.()),
    scenarioJudged: (history, scenario) => reporters.forEach((r) => r.scenarioJudged?.(history, scenario)),
    runDone: (report) => {
      // Every reporter writes, even after one could not: the first failure is thrown when all have run.
      const failures: unknown[] = [];
      for (const r of reporters) {
        try {
          r.runDone?.(report);
        } catch (err) {
          failures.push(err);
        }
      }
      if (failures.length) throw failures[0];
    },
  };
}

/**
 * The end of a run: every reporter's `runDone`, then the exit code. A report that could not be
 * written is a line on stderr and exit 2, unless the run found a regression: that stays exit 1.
 */
export function finishRun<R extends { exitCode: number }>(
  reporter: Pick<Reporter<R>, 'runDone'>,
  report: R,
  io: Pick<ReportIO, 'stderr'>,
): number {
  try {
    reporter.runDone?.(report);
    return report.exitCode;
  } catch (err) {
    io.stderr(faultReplayLine(String((err as Error).message ?? err)));
    return report.exitCode === 1 ? 1 : 2;
  }
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
