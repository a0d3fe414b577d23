import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { recordHistory } from '../../src/record/record';
import { followScenario, planFaultReplay, runFaultReplay } from '../../src/run';
import type { Observation } from '../../src/model/observation';
import { PayloadDecoder } from '../../src/replay/decode';
import { engineFor } from '../support/session';
import { historySteps } from '../../src/steps/steps';
import { loadHistoryFile } from '../../src/load/load';
import { installQuietRuntime } from '../../src/util/quiet';

const FIXTURE = 'test/fixtures/child-undo';

/** Histories recorded here, on the real dev server, by the project's own recorder. */
describe('child workflows: an undo that is a child workflow is followed; a workflow of child workflows only has its fault points', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-children-'));
    for (const workflowType of ['withChildUndo', 'onlyChildren']) {
      await recordHistory({
        workflowsPath: `${FIXTURE}/workflows.ts`,
        activitiesPath: `${FIXTURE}/activities.ts`,
        workflowType,
        args: [],
        out: join(dir, `${workflowType}.json`),
        server: 'dev',
        timeoutMs: 30_000,
      });
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a workflow whose steps are all child workflows: each child is a step, and a fault point of each child kind (kinds that hit no step of it are left out)', () => {
    const history = join(dir, 'onlyChildren.json');
    const steps = historySteps(loadHistoryFile(history).events);
    expect(steps.map((s) => [s.index, s.kind, s.activityType, s.activityId])).to.deep.equal([
      [1, 'child-workflow', 'undoStep', 'only-children-first'],
      [2, 'child-workflow', 'undoStep', 'only-children-second'],
    ]);
    const plan = planFaultReplay({ histories: [history], faults: ['child-failed', 'activity-failed'] });
    expect(plan.problems).to.deep.equal([]);
    expect(plan.scenarios.map((s) => `${s.step.index} ${s.fault.name}`)).to.deep.equal([
      '1 child-failed',
      '2 child-failed',
    ]);
  });

  it('the child undo after a failed activity is started and answered as the server would; each result names its step kind', async () => {
    const result = await runFaultReplay({
      workflowsPath: `${FIXTURE}/workflows.ts`,
      histories: [dir],
      goldenDir: dir,
      update: true,
      faults: ['activity-failed', 'child-failed'],
      workers: 1,
    });
    const byFile = Object.fromEntries(result.histories.map((h) => [h.file.replace(/.*\//, ''), h]));
    const undo = byFile['withChildUndo.json'].scenarios.find((s) => s.fault === 'activity-failed')!;
    expect(undo.outcome, undo.detail).to.equal('compensated');
    expect(undo.observed?.tasks).to.have.length(1);
    expect(undo.observed?.tasks[0]).to.have.length(1);
    expect(undo.observed?.tasks[0][0]).to.deep.include({ child: 'undoStep', args: [] });
    // A run keeps the path only for findings: the same scenario followed alone gives it.
    const plan = planFaultReplay({ histories: [join(dir, 'withChildUndo.json')], faults: ['activity-failed'] });
    const engine = await engineFor(`${FIXTURE}/workflows.ts`);
    const followed = await followScenario(
      plan.scenarios.find((s) => s.step.index === undo.step)!,
      engine,
      { decoder: new PayloadDecoder(), maxRounds: 50 },
    ).finally(() => engine.close());
    const path = (followed as Observation).path!.map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')));
    expect(path.slice(-10, -1), 'initiated, started, a task, completed, a task (then the close)').to.deep.equal([
      'startChildWorkflowExecutionInitiatedEventAttributes',
      'childWorkflowExecutionStartedEventAttributes',
      'workflowTaskScheduledEventAttributes',
      'workflowTaskStartedEventAttributes',
      'workflowTaskCompletedEventAttributes',
      'childWorkflowExecutionCompletedEventAttributes',
      'workflowTaskScheduledEventAttributes',
      'workflowTaskStartedEventAttributes',
      'workflowTaskCompletedEventAttributes',
    ]);
    expect(undo.observed?.close).to.deep.include({ status: 'failed' });
    const only = byFile['onlyChildren.json'].scenarios;
    expect(only.map((s) => [s.step, s.stepKind, s.fault, s.outcome])).to.deep.equal([
      [1, 'child-workflow', 'child-failed', 'compensated'],
      [2, 'child-workflow', 'child-failed', 'compensated'],
    ]);
    // withChildUndo has an activity step only: the child kinds are left out there.
    expect(byFile['withChildUndo.json'].scenarios.map((s) => s.fault)).to.deep.equal(['activity-failed']);
    expect(result.problems).to.deep.equal([]);
  });
});
