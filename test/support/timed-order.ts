/** Recording the timeouts fixture's saga (test/fixtures/timeouts, `timedOrder`) for the fidelity tests. */
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadHistoryFile } from '../../src/load/load';
import { type LoadedHistory } from '../../src/model/history';
import { recordHistory, type RecordOptions } from '../../src/record/record';

export const TIMED_ORDER_FIXTURE = 'test/fixtures/timeouts';

/** Records `timedOrder('o-1')` on `environment` into `scratch/<name>.json`, with the recorder's fault options; `queue` keeps test files apart. */
export async function recordTimedOrder(
  environment: TestWorkflowEnvironment,
  scratch: string,
  queue: string,
  name: string,
  extra: Partial<RecordOptions> = {},
): Promise<LoadedHistory> {
  const out = join(scratch, `${name}.json`);
  await recordHistory({
    workflowsPath: `${TIMED_ORDER_FIXTURE}/workflows.ts`,
    activitiesPath: `${TIMED_ORDER_FIXTURE}/activities.ts`,
    workflowType: 'timedOrder',
    args: ['o-1'],
    failActivities: [],
    environment,
    out,
    server: 'dev',
    timeoutMs: 60_000,
    taskQueue: `${queue}-fidelity`,
    workflowId: `${queue}-${name}`,
    ...extra,
  });
  return loadHistoryFile(out);
}
