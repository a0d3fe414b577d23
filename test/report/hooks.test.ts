import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import type { PlannedRun } from '../../src/report/reporter';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const HAPPY = 'histories/tenant-provisioning/happy.json';

describe('the engine calls the reporters\' hooks: plan, each scenario followed, each verdict', function () {
  this.timeout(240_000);

  it('runPlanned with the count, scenarioFollowed once a scenario, scenarioJudged with each verdict; a shard plans its share', async () => {
    const planned: PlannedRun[] = [];
    let followed = 0;
    const judged: string[] = [];
    const hooks = {
      runPlanned: (plan: PlannedRun) => planned.push(plan),
      scenarioFollowed: () => followed++,
      scenarioJudged: (history: { file: string }, scenario: { step: number; fault: string; outcome: string }) => judged.push(`${scenario.step} ${scenario.outcome}`),
    };
    const result = await runFaultReplay({ workflowsPath: WORKFLOWS, histories: [HAPPY], faults: ['activity-failed'], hooks, workers: 1 });
    expect(planned).to.deep.equal([{ scenarios: 6, histories: 1 }]);
    expect(followed).to.equal(6);
    expect(judged).to.deep.equal(result.histories[0].scenarios.map((s) => `${s.step} ${s.outcome}`));
    expect(judged).to.have.length(6);

    const shardPlans: PlannedRun[] = [];
    const shard = await runFaultReplay({ workflowsPath: WORKFLOWS, histories: [HAPPY], faults: ['activity-failed'], hooks: { runPlanned: (p) => shardPlans.push(p) }, shard: { index: 2, count: 3 }, workers: 1 });
    expect(shardPlans).to.deep.equal([{ scenarios: 2, histories: 1 }]);
    expect(shard.histories[0].scenarios).to.have.length(2);
  });
});
