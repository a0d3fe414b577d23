import type { SearchAttributeType } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveServer, ServerKind } from './resolve';
import { installedVersion } from '../util/sdk-version';

/** @temporalio/testing, an optional peer: loaded only to start a server (record, chaos), so every other command runs without it. */
function testingPackage(): typeof import('@temporalio/testing') {
  try {
    return require('@temporalio/testing') as typeof import('@temporalio/testing');
  } catch (err) {
    if (
      (err as { code?: string }).code !== 'MODULE_NOT_FOUND' ||
      !String((err as Error).message).includes("'@temporalio/testing'")
    )
      throw err;
    const version = installedVersion('@temporalio/worker') ?? '<your @temporalio/worker version>';
    throw new Error(
      `@temporalio/testing is not installed: record and chaos start a local server with it (npm install -D @temporalio/testing@${version})`,
    );
  }
}

export interface ServerOptions {
  /** Custom search attributes registered on the dev server, as production has them. */
  searchAttributes?: Array<{ name: string; type: SearchAttributeType }>;
  /** A namespace the dev server creates, and the client uses (default `default`). */
  namespace?: string;
}

/** Starts a local Temporal server of the given kind with the resolved binary. */
export async function startServer(kind: ServerKind, options: ServerOptions = {}): Promise<TestWorkflowEnvironment> {
  const { executable } = resolveServer(kind);
  const { TestWorkflowEnvironment } = testingPackage();
  if (kind === 'time-skipping') {
    if (options.searchAttributes?.length || options.namespace)
      throw new Error('--search-attribute and --namespace need --server dev');
    return TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  }
  return TestWorkflowEnvironment.createLocal({
    ...(options.namespace ? { namespace: options.namespace } : {}),
    server: {
      executable,
      // The dev server's own log stays off the tool's stderr (under load it logs an ERROR for a call
      // that came before its frontend was healthy, then serves it): the tool says what failed itself.
      // FAULT_REPLAY_SERVER_LOG_LEVEL (debug, info, warn, error) turns it on to debug the server.
      log: { format: 'pretty', level: process.env.FAULT_REPLAY_SERVER_LOG_LEVEL || 'never' },
      searchAttributes: options.searchAttributes,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
  });
}
