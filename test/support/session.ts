import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { bundleWithObserver } from '../../src/replay/bundle';
import { ReplaySession } from '../../src/replay/session';
import { processOptions } from '../../src/qualify';

const EXAMPLE = { workflowsPath: 'examples/tenant-provisioning/workflows.ts' };

/** A replay session on the reference saga, bundled with the observer as `check` bundles it. */
export async function exampleReplaySession(): Promise<ReplaySession> {
  return new ReplaySession(await bundleWithObserver(EXAMPLE), processOptions());
}

/** The engine `check` follows scenarios with (live worker + replayer), on the reference saga. */
export async function exampleEngine(): Promise<RunningEngine> {
  return startEngine(await bundleWithObserver(EXAMPLE), { ...processOptions(), cachedRuns: 64 });
}

/** The engine on another workflows module (the travel-booking saga, a fixture). */
export async function engineFor(workflowsPath: string): Promise<RunningEngine> {
  return startEngine(await bundleWithObserver({ workflowsPath }), { ...processOptions(), cachedRuns: 64 });
}
