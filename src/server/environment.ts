import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SearchAttributeType } from '@temporalio/common';
import { resolveServer, ServerKind } from './resolve';

export interface ServerOptions {
  /** Custom search attributes registered on the dev server, as production has them. */
  searchAttributes?: Array<{ name: string; type: SearchAttributeType }>;
}

/** Starts a local Temporal server of the given kind with the resolved binary. */
export async function startServer(kind: ServerKind, options: ServerOptions = {}): Promise<TestWorkflowEnvironment> {
  const { executable } = resolveServer(kind);
  if (kind === 'time-skipping') {
    if (options.searchAttributes?.length) throw new Error('--search-attribute needs --server dev');
    return TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  }
  return TestWorkflowEnvironment.createLocal({
    server: { executable, log: { format: 'pretty', level: 'error' }, searchAttributes: options.searchAttributes },
  });
}
