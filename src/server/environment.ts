import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SearchAttributeType } from '@temporalio/common';
import { resolveServer, ServerKind } from './resolve';

export interface ServerOptions {
  /** Custom search attributes registered on the dev server, as production has them. */
  searchAttributes?: Array<{ name: string; type: SearchAttributeType }>;
  /** A namespace the dev server creates, and the client uses (default `default`). */
  namespace?: string;
}

/** Starts a local Temporal server of the given kind with the resolved binary. */
export async function startServer(kind: ServerKind, options: ServerOptions = {}): Promise<TestWorkflowEnvironment> {
  const { executable } = resolveServer(kind);
  if (kind === 'time-skipping') {
    if (options.searchAttributes?.length || options.namespace) throw new Error('--search-attribute and --namespace need --server dev');
    return TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  }
  return TestWorkflowEnvironment.createLocal({
    ...(options.namespace ? { namespace: options.namespace } : {}),
    server: {
      executable,
      log: { format: 'pretty', level: 'error' },
      searchAttributes: options.searchAttributes,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
  });
}
