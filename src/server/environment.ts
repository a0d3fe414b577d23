import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveServer, ServerKind } from './resolve';

/** Starts a local Temporal server of the given kind with the resolved binary. */
export async function startServer(kind: ServerKind): Promise<TestWorkflowEnvironment> {
  const { executable } = resolveServer(kind);
  if (kind === 'time-skipping') {
    return TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  }
  return TestWorkflowEnvironment.createLocal({
    server: { executable, log: { format: 'pretty', level: 'error' } },
  });
}
