import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import { recordHistory, type RecordOptions, type RecordResult } from '../src/record/record';
import { startServer } from '../src/server/environment';

/** One recording's result, with more lines to print under it (e.g. the child histories captured after it). */
export type RecordedSetItem = RecordResult & { also?: string[] };

/**
 * Records a fixture's recordings one after another on one dev server: all of them, or those named
 * in `only` (an unknown name is an error). Prints a line per recording and the total time.
 */
export async function recordSet<R extends { name: string }>(
  script: string,
  recordings: R[],
  only: string[],
  record: (recording: R, environment: TestWorkflowEnvironment) => Promise<RecordedSetItem>,
): Promise<void> {
  const unknown = only.filter((name) => !recordings.some((recording) => recording.name === name));
  if (unknown.length > 0) throw new Error(`no recording named ${unknown.join(', ')}`);
  const started = Date.now();
  const environment = await startServer('dev');
  try {
    for (const recording of recordings) {
      if (only.length > 0 && !only.includes(recording.name)) continue;
      const t0 = Date.now();
      const result = await record(recording, environment);
      const end = result.open ? `still open (${result.open})` : result.closeEventType;
      console.log(`${result.out}: ${result.events} events, ${end} (${seconds(t0)} s)`);
      for (const line of result.also ?? []) console.log(`  ${line}`);
    }
  } finally {
    await environment.teardown();
  }
  console.log(`${script}: ${seconds(started)} s`);
}

/** A fixture of saga variants: `<folder>/variants/<variant>.ts`, `<folder>/activities.ts`, histories in `<folder>/histories`. */
export interface VariantFixture {
  folder: string;
  workflowType: string;
  args: unknown[];
  taskQueue: string;
  /** Workflow ids are `<prefix>-<recording name>`. */
  workflowIdPrefix: string;
}

type Faults = Omit<
  RecordOptions,
  | 'workflowsPath'
  | 'activitiesPath'
  | 'workflowType'
  | 'args'
  | 'out'
  | 'server'
  | 'environment'
  | 'timeoutMs'
  | 'taskQueue'
  | 'workflowId'
>;

/** Records one variant of the fixture, with the given recorder faults, to `<folder>/histories/<name>.json`. */
export function recordVariant(
  fixture: VariantFixture,
  recording: { name: string; variant: string; timeoutMs?: number },
  environment: TestWorkflowEnvironment,
  faults: Faults,
): Promise<RecordResult> {
  return recordHistory({
    workflowsPath: join(fixture.folder, 'variants', `${recording.variant}.ts`),
    activitiesPath: join(fixture.folder, 'activities.ts'),
    workflowType: fixture.workflowType,
    args: fixture.args,
    ...faults,
    out: join(fixture.folder, 'histories', `${recording.name}.json`),
    server: 'dev',
    environment,
    timeoutMs: recording.timeoutMs ?? 20_000,
    taskQueue: fixture.taskQueue,
    workflowId: `${fixture.workflowIdPrefix}-${recording.name}`,
  });
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
