import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { bundleWorkflowCode, DefaultLogger, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ReplayResult } from '@temporalio/worker';
import { installQuietRuntime } from '../../src/util/quiet';
import type { JsonEvent, JsonHistory } from '../support/history-json';
import { CORPUS, corpusFiles } from '../support/corpus';

const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = join(ROOT, 'examples/tenant-provisioning/workflows.ts');

function load(name: string): JsonHistory {
  return JSON.parse(readFileSync(join(CORPUS, name), 'utf8')) as JsonHistory;
}

function startedOf(history: JsonHistory): NonNullable<JsonEvent['workflowExecutionStartedEventAttributes']> {
  const started = history.events[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new Error('first event is not WorkflowExecutionStarted');
  return started;
}

describe('committed corpus histories/tenant-provisioning', function () {
  this.timeout(30_000);

  const files = corpusFiles();
  let workflowBundle: WorkflowBundleWithSourceMap;

  before(async () => {
    installQuietRuntime();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger: new DefaultLogger('ERROR') });
  });

  it('holds the 7 recorded histories (happy + one real failure per step)', () => {
    expect(files).to.deep.equal([
      'happy.json',
      'real-failure-applyTenantMigrations.json',
      'real-failure-createOwnerMembership.json',
      'real-failure-createTenantRecord.json',
      'real-failure-createTenantSchema.json',
      'real-failure-seedDefaultSettings.json',
      'real-failure-sendWelcomeEmail.json',
    ]);
  });

  it('every history replays against the current workflows.ts with no error (one bundle, all histories)', async () => {
    const histories = files.map((name) => ({ workflowId: `corpus-${name}`, history: load(name) }));
    const results: ReplayResult[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'corpus-test' }, histories)) {
      results.push(result);
    }
    expect(results).to.have.length(files.length);
    expect(results).to.have.length(7);
    const failures = results
      .filter((r) => r.error !== undefined)
      .map((r) => `${r.workflowId}: ${r.error?.name}: ${r.error?.message}`);
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(results.map((r) => r.workflowId).sort()).to.deep.equal(histories.map((h) => h.workflowId).sort());
  });

  describe('each file was recorded by a server, not typed', () => {
    for (const name of files) {
      it(name, () => {
        const { events } = load(name);
        expect(events, 'events').to.be.an('array').that.is.not.empty;
        events.forEach((event, index) => {
          const where = `${name} event #${index + 1}`;
          expect(event.eventId, `${where} eventId`).to.equal(String(index + 1));
          expect(event.taskId, `${where} taskId`)
            .to.be.a('string')
            .and.match(/^[1-9][0-9]*$/);
          expect(event.eventTime, `${where} eventTime`).to.be.a('string');
          expect(Number.isNaN(Date.parse(event.eventTime!)), `${where} eventTime parses`).to.equal(false);
          expect(event.eventType, `${where} eventType`).to.match(/^EVENT_TYPE_/);
        });
        const taskIds = events.map((e) => BigInt(e.taskId!));
        expect(
          taskIds.every((id, i) => i === 0 || id > taskIds[i - 1]),
          'taskIds strictly increase',
        ).to.equal(true);

        expect(events[0].eventType).to.equal('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
        const started = startedOf({ events });
        expect(started.identity, 'identity').to.be.a('string').that.is.not.empty;
        expect(started.originalExecutionRunId, 'originalExecutionRunId').to.match(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        );
        expect(started.workflowId, 'workflowId').to.be.a('string').that.is.not.empty;
        expect(started.workflowType?.name).to.equal('provisionTenant');

        const close = events[events.length - 1].eventType;
        expect(close).to.equal(
          name === 'happy.json' ? 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED' : 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
        );
      });
    }
  });
});
