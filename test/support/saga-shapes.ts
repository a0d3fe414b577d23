/**
 * Running the saga shapes of test/fixtures/saga-shapes by their reviewed spec alone (no golden
 * file): each shape's correct code and its planted bugs, on the shape's own recorded histories.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingLine } from '../../src/laws/judge-laws';
import type { RunResult, ScenarioResult } from '../../src/model/results';
import { runFaultReplay } from '../../src/run';
import { SAGA_SHAPES } from '../../scripts/record-saga-shapes';

/** The signals each shape's faults send (the histories hold them only where they were sent for real). */
export const SHAPE_SIGNALS: Record<string, Record<string, unknown[]>> = {
  ecommerce: { cancelOrder: [], approveOrder: [{ approved: true }] },
  transfer: { cancelTransfer: [], addMemo: ['by phone'] },
};

const NO_GOLDENS = mkdtempSync(join(tmpdir(), 'saga-shapes-no-goldens-'));

/** The shape's `--results` (results.ts): what its value-returning activities answer after a fault, as its activities would. */
export function shapeResults(shape: string): { resultsPath: string } | Record<string, never> {
  const file = join(SAGA_SHAPES, shape, 'results.ts');
  return existsSync(file) ? { resultsPath: file } : {};
}

/** The shape's recorded histories that are not a planted bug's live evidence. */
export function shapeHistories(shape: string): string[] {
  const folder = join(SAGA_SHAPES, shape, 'histories');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.saga.json') && !name.startsWith('live-'))
    .sort()
    .map((name) => join(folder, name));
}

export function history(shape: string, name: string): string {
  return join(SAGA_SHAPES, shape, 'histories', `${name}.json`);
}

/** One variant of a shape (correct, or a planted bug) judged by the spec beside its histories, no golden file. */
export function checkShape(
  shape: string,
  variant: string,
  histories = shapeHistories(shape),
  faults?: string[],
  specPath?: string,
): Promise<RunResult> {
  return runFaultReplay({
    workflowsPath: join(SAGA_SHAPES, shape, `${variant}.ts`),
    histories,
    goldenDir: NO_GOLDENS,
    signals: SHAPE_SIGNALS[shape] ?? {},
    ...shapeResults(shape),
    ...(faults ? { faults } : {}),
    ...(specPath ? { specPath } : {}),
  });
}

/** The shape's reviewed spec with some fields changed, written to a scratch file: what a spec that says otherwise makes of the same code. */
export function specWith(shape: string, workflowType: string, change: (spec: Record<string, unknown>) => void): string {
  const spec = JSON.parse(
    readFileSync(join(SAGA_SHAPES, shape, 'histories', `${workflowType}.saga.json`), 'utf8'),
  ) as Record<string, unknown>;
  change(spec);
  const file = join(mkdtempSync(join(tmpdir(), 'saga-shapes-spec-')), `${workflowType}.saga.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

export const scenariosOf = (result: RunResult): ScenarioResult[] => result.histories.flatMap((h) => h.scenarios);

/** `happy.json 3 addClient × workflow-cancel: law-broken` for every scenario that is not compensated or not applicable. */
export function notCompensated(result: RunResult): string[] {
  return result.histories.flatMap((h) =>
    h.scenarios
      .filter((s) => s.outcome !== 'compensated' && s.outcome !== 'not-applicable')
      .map((s) => `${h.file.replace(/^.*\//, '')} ${s.step} ${s.activityType} × ${s.fault}: ${s.outcome}`),
  );
}

/** Every distinct law finding line of the run. */
export function findingLines(result: RunResult): string[] {
  return [...new Set(scenariosOf(result).flatMap((s) => (s.laws ?? []).map(findingLine)))].sort();
}

/** The finding lines of one scenario. */
export function linesAt(result: RunResult, step: number, fault: string, file = 'happy.json'): string[] {
  const scenario = result.histories
    .find((h) => h.file.endsWith(`/${file}`))
    ?.scenarios.find((s) => s.step === step && s.fault === fault);
  if (!scenario) throw new Error(`no scenario ${file} step ${step} × ${fault}`);
  return (scenario.laws ?? []).map(findingLine);
}
