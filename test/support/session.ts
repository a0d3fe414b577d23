import { bundleWithObserver } from '../../src/replay/bundle';
import { ReplaySession } from '../../src/replay/session';

/** A replay session on the reference saga, bundled with the observer as `check` bundles it. */
export async function exampleReplaySession(): Promise<ReplaySession> {
  return new ReplaySession(await bundleWithObserver({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' }));
}
