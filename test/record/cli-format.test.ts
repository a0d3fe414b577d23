import { spawnSync } from 'node:child_process';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import * as activities from '../../examples/tenant-provisioning/activities';
import { bundleWorkflows } from '../../src/replay/bundle';
import { startServer } from '../../src/server/environment';
import { resolveServer } from '../../src/server/resolve';
import { installQuietRuntime } from '../../src/util/quiet';

/**
 * The recorder writes `historyToJSON(fetchHistory())`; teams also bring files from
 * `temporal workflow show --output json`. Both must be the same format, byte for byte.
 */
describe('recorded JSON = `temporal workflow show --output json` (the real CLI)', function () {
  this.timeout(60_000);
  let env: TestWorkflowEnvironment;
  before(async () => {
    installQuietRuntime();
    env = await startServer('dev');
  });
  after(() => env?.teardown());

  it('the same history, fetched both ways, is the same JSON', async () => {
    const cli = resolveServer('dev').executable;
    expect(cli.type, 'the Temporal CLI is installed (scripts/install-temporal.sh)').to.equal('existing-path');
    const taskQueue = `cli-format-${process.pid}`;
    const workflowId = `cli-format-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflows({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' }),
      activities,
    });
    const ours = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('provisionTenant', {
        taskQueue,
        workflowId,
        args: [{ tenantId: `cli-format-${process.pid}`, ownerUserId: 'user-ada', plan: 'free' }],
      });
      await handle.result();
      return historyToJSON(await handle.fetchHistory());
    });
    const address = env.connection.options.address;
    const shown = spawnSync(
      (cli as { path: string }).path,
      ['workflow', 'show', '--output', 'json', '--address', address, '-w', workflowId],
      {
        encoding: 'utf8',
      },
    );
    expect(shown.status, shown.stderr).to.equal(0);
    expect(JSON.parse(shown.stdout)).to.deep.equal(JSON.parse(ours));
    expect(shown.stdout.trim(), 'byte for byte').to.equal(ours.trim());
  });
});
