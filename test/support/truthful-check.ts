/** Runs `check` on the truthful variants (test/fixtures/truthful) against goldens made in a temporary folder. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFaultReplay } from '../../src/run';
import { RunResult, ScenarioResult } from '../../src/model/results';
import type { ObservedCommand } from '../../src/model/observation';

export const TRUTHFUL = 'test/fixtures/truthful';

export interface TruthfulCheck {
  histories?: string[];
  faults?: string[];
  resultsPath?: string;
  deadlineMs?: number;
  /** The fixture folder of variants/ and histories/ (default: the truthful order saga). */
  fixture?: string;
  strictAnswers?: boolean;
}

const historyPaths = (fixture: string, names: string[]) =>
  names.map((name) => join(fixture, 'histories', `${name}.json`));

/** Goldens made from `reference` (with --update) in a fresh folder; `check` runs a variant against them. */
export class TruthfulGoldens {
  readonly dir = mkdtempSync(join(tmpdir(), 'truthful-goldens-'));

  constructor(
    private readonly reference: string,
    private readonly defaults: TruthfulCheck = {},
  ) {}

  make(): Promise<RunResult> {
    return this.run(this.reference, true, this.defaults);
  }

  check(variant: string, options: TruthfulCheck = {}): Promise<RunResult> {
    return this.run(variant, false, { ...this.defaults, ...options });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(variant: string, update: boolean, options: TruthfulCheck): Promise<RunResult> {
    const fixture = options.fixture ?? TRUTHFUL;
    return runFaultReplay({
      workflowsPath: join(fixture, 'variants', `${variant}.ts`),
      histories: historyPaths(fixture, options.histories ?? ['happy']),
      goldenDir: this.dir,
      update,
      faults: options.faults,
      resultsPath: options.resultsPath,
      deadlineMs: options.deadlineMs,
      strictAnswers: options.strictAnswers,
    });
  }
}

export function scenario(result: RunResult, activityType: string, fault = 'activity-failed'): ScenarioResult {
  const found = result.histories
    .flatMap((h) => h.scenarios)
    .find((s) => s.activityType === activityType && s.fault === fault);
  if (!found)
    throw new Error(`no scenario ${activityType} × ${fault} in ${result.histories.map((h) => h.file).join(', ')}`);
  return found;
}

export function outcomes(result: RunResult): string[] {
  return result.histories.flatMap((h) => h.scenarios.map((s) => `${s.activityType} × ${s.fault}: ${s.outcome}`));
}

/** The observed commands, task by task, as short names (`refund`, `timer 1s`, `patch v2`, …). */
export function taskNames(s: ScenarioResult): string[][] {
  return (s.observed?.tasks ?? []).map((task) => task.map(commandName));
}

function commandName(command: ObservedCommand): string {
  if ('activity' in command) return command.activity;
  if ('child' in command) return `child ${command.child}`;
  if ('localActivity' in command) return `local ${command.localActivity}`;
  if ('timer' in command) return `timer ${command.timer}`;
  if ('cancelTimer' in command) return 'cancel timer';
  if ('cancelActivity' in command) return `cancel ${command.cancelActivity}`;
  if ('signal' in command) return `signal ${command.signal}`;
  if ('cancelWorkflow' in command) return `cancel workflow ${command.cancelWorkflow}`;
  return `patch ${command.patch}`;
}

export function observedActivity(s: ScenarioResult, activity: string): Extract<ObservedCommand, { activity: string }> {
  const found = (s.observed?.tasks ?? []).flat().find((c) => 'activity' in c && c.activity === activity);
  if (!found || !('activity' in found)) throw new Error(`${activity} was not observed`);
  return found;
}

/** Makes goldens from `variant` itself, checks it again, and returns the check. */
export async function againstItself(variant: string, options: TruthfulCheck = {}) {
  const goldens = new TruthfulGoldens(variant, { faults: ['activity-failed'], ...options });
  try {
    const made = await goldens.make();
    expect(made.exitCode, outcomes(made).join('\n')).to.equal(0);
    return await goldens.check(variant);
  } finally {
    goldens.remove();
  }
}
