import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../support/cli';
import { installQuietRuntime } from '../../src/util/quiet';

const FIXTURE = 'test/fixtures/capture-saga';

describe('record with what production workflows use: --namespace, --task-queue, --search-attribute, --memo', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'record-options-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('registers the search attribute on the local server and starts the workflow in that namespace and queue with them', async () => {
    const out = join(dir, 'with-options.json');
    const recorded = await runCli(
      'record',
      '--workflows',
      `${FIXTURE}/workflows.ts`,
      '--activities',
      `${FIXTURE}/activities.ts`,
      '--workflow-type',
      'captureSaga',
      '--args',
      '[{"orderId":"o-1","email":"e@example.com"}]',
      '--out',
      out,
      '--namespace',
      'payments',
      '--task-queue',
      'payments-orders',
      '--search-attribute',
      'CustomerEmail=KEYWORD',
      '--search-attribute',
      'OrderTotal=INT',
      '--search-attribute-values',
      '{"CustomerEmail":["e@example.com"],"OrderTotal":[42]}',
      '--memo',
      '{"owner":"team-payments"}',
    );
    expect(recorded.code, recorded.err).to.equal(0);
    const started = JSON.parse(readFileSync(out, 'utf8')).events[0].workflowExecutionStartedEventAttributes;
    expect(started.taskQueue.name).to.equal('payments-orders');
    const decode = (payload: { data: string }) => JSON.parse(Buffer.from(payload.data, 'base64').toString());
    expect(decode(started.memo.fields.owner)).to.equal('team-payments');
    expect(decode(started.searchAttributes.indexedFields.CustomerEmail)).to.deep.equal(['e@example.com']);
    expect(decode(started.searchAttributes.indexedFields.OrderTotal)).to.deep.equal([42]);

    expect(
      (await runCli('check', '--workflows', `${FIXTURE}/workflows.ts`, '--histories', out, '--update')).code,
    ).to.equal(0);
    expect((await runCli('check', '--workflows', `${FIXTURE}/workflows.ts`, '--histories', out)).code).to.equal(0);
  });

  it('a search attribute the server has not registered is refused by the server: one line, exit 2', async () => {
    const result = await runCli(
      'record',
      '--workflows',
      `${FIXTURE}/workflows.ts`,
      '--activities',
      `${FIXTURE}/activities.ts`,
      '--workflow-type',
      'captureSaga',
      '--args',
      '[{"orderId":"o-1","email":"e@example.com"}]',
      '--out',
      join(dir, 'unregistered.json'),
      '--search-attribute-values',
      '{"CustomerEmail":["e@example.com"]}',
    );
    expect(result.code).to.equal(2);
    expect(result.err.split('\n')).to.have.length(1);
    expect(result.err).to.match(/^fault-replay: .*CustomerEmail/);
  });

  it('a malformed --search-attribute is a usage error, exit 2', async () => {
    const result = await runCli(
      'record',
      '--workflows',
      'w.ts',
      '--activities',
      'a.ts',
      '--workflow-type',
      't',
      '--out',
      'x.json',
      '--search-attribute',
      'CustomerEmail=STRINGY',
    );
    expect(result.code).to.equal(2);
  });
});
