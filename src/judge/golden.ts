import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Close, ErrorOutcome, ObservedCommand } from './observation';

/** What a scenario is expected to do: the commands after the fault and how the workflow closes. */
export interface Expectation {
  commands: ObservedCommand[];
  close?: Close;
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
  scenarios: GoldenEntry[];
}

export const GOLDEN_SUFFIX = '.faults.json';

/** `histories/x/happy.json` → `histories/x/happy.faults.json`, or the same name in `goldenDir`. */
export function goldenPathFor(historyFile: string, historyName: string, goldenDir?: string): string {
  return join(goldenDir ?? dirname(historyFile), `${historyName}${GOLDEN_SUFFIX}`);
}

export function readGolden(path: string): GoldenFile | undefined {
  if (!existsSync(path)) return undefined;
  let golden: GoldenFile;
  try {
    golden = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
  } catch (err) {
    throw new Error(`${path}: golden file is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(golden?.scenarios)) throw new Error(`${path}: golden file has no "scenarios" array`);
  return golden;
}

export function writeGolden(path: string, golden: GoldenFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(golden, null, 2) + '\n');
}

export function findEntry(golden: GoldenFile | undefined, step: number, activityType: string, fault: string): GoldenEntry | undefined {
  return golden?.scenarios.find((e) => e.step === step && e.activityType === activityType && e.fault === fault);
}
