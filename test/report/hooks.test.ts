import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import type { PlannedRun } from '../../src/report/reporter';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const HAPPY = 'histories/tenant-provisioning/happy.json';

describe("the engine calls the reporters' hooks: plan, each scenario followed, each verdict", function () {
  this.timeout(240_000);

  it('runPlanned with the count, scenarioFollowed once a scenario, scenarioJudged with each verdict; a shard plans its share', async () => {
    const planned: PlannedRun[] = [];
    let followed = 0;
    const judged: string[] = [];
    const hooks = {
      runPlanned: (plan: PlannedRun) => planned.push(plan),
      scenarioFollowed: () => followed++,
      scenarioJudged: (history: { file: string }, scenario: { step: number; fault: string; outcome: string }) =>
        judged.push(`${scenario.step} ${scenario.outcome}`),
    };
    const result = await runFaultReplay({
      workflowsPath: WORKFLOWS,
      histories: [HAPPY],
      faults: ['activity-failed'],
      hooks,
      workers: 1,
    });
    expect(planned).to.deep.equal([{ scenarios: 6, histories: 1 }]);
    expect(followed).to.equal(6);
    expect(judged).to.deep.equal(result.histories[0].scenarios.map((s) => `${s.step} ${s.outcome}`));
    expect(judged).to.have.length(6);

    const shardPlans: PlannedRun[] = [];
    const shard = await runFaultReplay({
      workflowsPath: WORKFLOWS,
      histories: [HAPPY],
      faults: ['activity-failed'],
      hooks: { runPlanned: (p) => shardPlans.push(p) },
      shard: { index: 2, count: 3 },
      workers: 1,
    });
    expect(shardPlans).to.deep.equal([{ scenarios: 2, histories: 1 }]);
    expect(shard.histories[0].scenarios).to.have.length(2);
  });

  it('streams: each history is judged as soon as its own scenarios closed, not after the whole corpus; only findings keep their path', async () => {
    const corpus = [
      'histories/tenant-provisioning/happy.json',
      'histories/tenant-provisioning/real-failure-applyTenantMigrations.json',
    ];
    let followed = 0;
    const followedWhenJudged: Record<string, number> = {};
    const result = await runFaultReplay({
      workflowsPath: WORKFLOWS,
      histories: corpus,
      faults: ['activity-failed'],
      goldens: false,
      laws: false,
      workers: 1,
      scenariosInFlight: 1, // one at a time: the order of the verdicts is then known
      hooks: {
        scenarioFollowed: () => followed++,
        scenarioJudged: (history) => (followedWhenJudged[history.file] ??= followed),
      },
    });
    const [first, second] = result.histories;
    expect(followedWhenJudged[first.file], 'the first history judged right after its own scenarios').to.equal(
      first.scenarios.length,
    );
    expect(followedWhenJudged[second.file]).to.equal(first.scenarios.length + second.scenarios.length);
    expect(first.scenarios.length).to.be.greaterThan(0);
    const kept = result.histories.flatMap((h) => h.scenarios).filter((s) => s.observed?.path);
    expect(kept, 'no path kept for a scenario that is no finding').to.deep.equal([]);
  });
});
