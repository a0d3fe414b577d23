import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { faultReplay, ROOT } from './support/check-cli';
import { scratchDir } from './support/scratch';

type JsonHistory = { events: Array<Record<string, any>> };
const recorded = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'histories/tenant-provisioning', `${name}.json`), 'utf8')) as JsonHistory;
const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const SPEC = 'histories/tenant-provisioning/provisionTenant.saga.json';

/** Damaged or partial histories are named, not judged (issue 30, item 10). */
describe('damaged or partial histories are a problem line, not a verdict (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  let cutAt: number;
  before(() => {
    dir = scratchDir('damaged-');
    mkdirSync(join(dir, 'open'));
    mkdirSync(join(dir, 'types'));
    // Captured mid-run: the recorded happy path cut after step 4 completed and the task after it.
    const happy = recorded('happy');
    const completed = happy.events.filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
    const cut = happy.events.findIndex((e) => e === completed[3]) + 4;
    expect(happy.events[cut - 1].eventType).to.equal('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    cutAt = cut;
    writeFileSync(join(dir, 'open', 'running.json'), JSON.stringify({ events: happy.events.slice(0, cut) }));
    for (const type of ['constructor', '__proto__', 'toString', 'valueOf']) {
      const copy = recorded('happy');
      copy.events[0].workflowExecutionStartedEventAttributes.workflowType.name = type;
      writeFileSync(join(dir, 'types', `${type}.json`), JSON.stringify(copy));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an execution that is not closed: one line naming it, its recorded prefix replayed, no fault judged (no false law-broken)', () => {
    const run = faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      join(dir, 'open'),
      '--spec',
      SPEC,
      '--workers',
      '1',
      '--json',
      join(dir, 'open.json'),
    ]);
    expect(run.status, run.stdout + run.stderr).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      `fault-replay: ${join(dir, 'open', 'running.json')}: the execution is not closed: its last event (${cutAt}, WorkflowTaskCompleted) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed`,
    ]);
    const report = JSON.parse(readFileSync(join(dir, 'open.json'), 'utf8')) as {
      histories: Array<{ replay: unknown; scenarios: unknown[] }>;
    };
    expect(report.histories.map((h) => [h.replay, h.scenarios.length])).to.deep.equal([[{ ok: true }, 0]]);
  });

  it('a workflow type that is an inherited name (constructor, __proto__, toString, valueOf): "not exported", one line each, no finding', () => {
    const run = faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      join(dir, 'types'),
      '--faults',
      'activity-failed',
      '--workers',
      '1',
    ]);
    expect(run.status, run.stdout + run.stderr).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.deep.equal(
      ['__proto__', 'constructor', 'toString', 'valueOf'].map(
        (type) =>
          `fault-replay: ${join(dir, 'types', `${type}.json`)}: workflow type ${type} is not exported by ${WORKFLOWS}`,
      ),
    );
    expect(run.stdout).to.match(/0 scenarios in 0 histories/);
  });
});
