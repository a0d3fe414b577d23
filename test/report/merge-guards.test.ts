/** merge refuses shards it cannot put back into one run's report: cut by another split, or holding a scenario twice. */
import { expect } from 'chai';
import { mergeShardReports } from '../../src/report/merge';
import type { Report } from '../../src/report/model';
import { SHARD_SPLIT } from '../../src/report/shard';

function shard(index: number, steps: number[], split: number | null = SHARD_SPLIT, plan = 'p1'): Report {
  const scenarios = steps.map((step) => ({
    step,
    activityType: `s${step}`,
    activityId: String(step),
    fault: 'activity-failed',
    outcome: 'compensated',
    judgedBy: ['golden'],
    observed: null,
    expected: null,
  }));
  const history = {
    file: 'h.json',
    workflowType: 'wf',
    workflowId: 'id',
    runId: 'r',
    golden: null,
    spec: null,
    replay: { ok: true },
    scenarios,
  };
  return {
    version: 1,
    exitCode: 0,
    complete: true,
    problems: [],
    histories: [history],
    shard: { index, count: 2, faults: ['activity-failed'], plan, ...(split === null ? {} : { split }) },
  } as unknown as Report;
}

describe('merge guards (src/report/merge.ts)', () => {
  it('shards of one split and one plan merge', () => {
    const merged = mergeShardReports([shard(1, [1, 3]), shard(2, [2])], ['a.json', 'b.json']);
    expect(merged.histories[0].scenarios.map((s) => s.step)).to.deep.equal([1, 2, 3]);
  });

  it('a shard cut by another version of the tool (another split) is refused, naming both', () => {
    expect(() => mergeShardReports([shard(1, [1, 3]), shard(2, [2], null)], ['a.json', 'b.json'])).to.throw(
      `b.json: shard 2/2 was cut by another version of the tool than a.json (split 1, not ${SHARD_SPLIT}): run every shard with the same version`,
    );
  });

  it('a shard cut from another plan (other histories or weights: a scenario may be in neither shard) is refused', () => {
    expect(() =>
      mergeShardReports([shard(1, [1, 3]), shard(2, [2], SHARD_SPLIT, 'p2')], ['a.json', 'b.json']),
    ).to.throw(
      'b.json: shard 2/2 was cut from another plan than a.json (other histories, or another --weights file): run every shard on the same histories with the same weights',
    );
  });

  it('a scenario in two shards is refused, never counted twice', () => {
    expect(() => mergeShardReports([shard(1, [1, 2]), shard(2, [2])], ['a.json', 'b.json'])).to.throw(
      'h.json: step 2 s2 × activity-failed is in more than one shard: the shards were not cut from one plan',
    );
  });
});
