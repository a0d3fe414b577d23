import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';

const HAPPY = 'histories/tenant-provisioning/happy.json';
const ENUM_PREFIXES = ['EVENT_TYPE_', 'TASK_QUEUE_KIND_', 'RETRY_STATE_', 'TIMEOUT_TYPE_', 'WORKFLOW_ID_REUSE_POLICY_'];

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`: the enum form older CLIs and the Web UI write. */
function pascalEnums(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const converted = text.replace(/"([A-Z][A-Z_]+)"/g, (whole, constant: string) => {
    const prefix = ENUM_PREFIXES.find((p) => constant.startsWith(p));
    if (!prefix) return whole;
    replaced++;
    return JSON.stringify(constant.slice(prefix.length).toLowerCase().replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase()));
  });
  return { text: converted, replaced };
}

describe('history JSON formats', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fault-replay-formats-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the enum form with short PascalCase names loads to the same events and steps as the CLI form', () => {
    const { text, replaced } = pascalEnums(readFileSync(HAPPY, 'utf8'));
    expect(replaced, 'enum strings converted').to.be.greaterThan(41);
    expect(text).to.include('"eventType": "ActivityTaskScheduled"');
    const file = join(dir, 'happy.json');
    writeFileSync(file, text);

    const cli = loadHistoryFile(HAPPY);
    const pascal = loadHistoryFile(file);
    expect(pascal.events).to.deep.equal(cli.events);
    expect(activitySteps(pascal.events).map((s) => s.activityType)).to.deep.equal(activitySteps(cli.events).map((s) => s.activityType));
    expect({ type: pascal.workflowType, id: pascal.workflowId, run: pascal.runId }).to.deep.equal({ type: cli.workflowType, id: cli.workflowId, run: cli.runId });
  });

  it('a history wrapped in a bare events array is named as what it is not', () => {
    const file = join(dir, 'bare.json');
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(HAPPY, 'utf8')).events));
    expect(() => loadHistoryFile(file)).to.throw(`${file}: not a history: no "events" array at the top level`);
  });
});
