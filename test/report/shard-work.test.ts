import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { FollowEngine } from '../../src/continue/engine';
import { planFaultReplay } from '../../src/run';
import { scenariosOfShard } from '../../src/report/shard';
import {
  emptyWork,
  mergeWork,
  packWork,
  readWorkFile,
  recordWork,
  shardWeight,
  unpackWork,
  WORK_LIMITS,
  WorkCounter,
  workTableProblem,
  workUnits,
  formatWorkFile,
  type WorkTable,
} from '../../src/report/shard-work';
import { scratchDir } from '../support/scratch';

const HISTORY = 'histories/tenant-provisioning/happy.json';

describe("a shard split's weights: each scenario's measured work (src/report/shard-work.ts)", () => {
  const plan = planFaultReplay({ histories: [HISTORY], faults: ['activity-failed', 'activity-timeout:heartbeat'] });
  const applicable = plan.scenarios.filter((s) => s.fault.name === 'activity-failed');
  let dir: string;
  before(() => (dir = scratchDir('shard-work-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the tasks, proofs and proved events a scenario asked its engine for', async () => {
    const asked: string[] = [];
    const engine: FollowEngine = {
      live: {
        runTask: async (request) => (asked.push(`task ${request.runId}`), { unknown: 'x' }) as never,
        forget: () => asked.push('forget'),
      },
      prove: async (history) => (asked.push(`prove ${history.events?.length}`), {}) as never,
    };
    const counter = new WorkCounter(engine);
    await counter.live.runTask({ runId: 'a' } as never);
    await counter.live.runTask({ runId: 'a' } as never);
    counter.live.forget('a');
    await counter.prove({ events: new Array(60).fill({}) }, { runId: 'a' } as never);
    expect(asked).to.deep.equal(['task a', 'task a', 'forget', 'prove 60']);
    expect(counter.counts).to.deep.equal({ tasks: 2, proofs: 1, provedEvents: 60 });
    expect(workUnits(counter.counts)).to.equal(2 + 2 + 10);
  });

  it('a split weighs by the table where it has the scenario, by an estimate where not, and not at all where the fault does not apply', () => {
    const table = emptyWork();
    recordWork(table, applicable[0], 500);
    const weight = shardWeight(table);
    expect(weight(applicable[0])).to.equal(500);
    const events = applicable[1].history.events.length;
    expect(weight(applicable[1])).to.equal(workUnits({ tasks: 1, proofs: 1, provedEvents: events }));
    const heartbeat = plan.scenarios.find((s) => s.fault.name === 'activity-timeout:heartbeat')!;
    recordWork(table, heartbeat, 900);
    expect(weight(heartbeat)).to.equal(0); // the plan says it is answered without a replay
  });

  it('the split follows the table: a scenario heavier than all others together is a shard of its own', () => {
    const heavy = applicable[3];
    const table = emptyWork();
    recordWork(table, heavy, 1_000_000);
    const [first, second] = [1, 2].map((index) =>
      scenariosOfShard(applicable, { index, count: 2 }, shardWeight(table)),
    );
    expect(first).to.deep.equal([heavy]);
    expect(second).to.have.length(applicable.length - 1);
    // By history length alone every scenario of one history weighs the same: the split alternates.
    const byLength = scenariosOfShard(applicable, { index: 1, count: 2 }, shardWeight());
    expect(byLength).to.have.length(Math.ceil(applicable.length / 2));
  });

  it('merging keeps the later measurement; keys are sorted, holes null; __proto__ is a key like any other', () => {
    const a: WorkTable = JSON.parse('{"b.json":{"x":[1,2]},"__proto__":{"y":[3]}}');
    const b: WorkTable = JSON.parse('{"a.json":{"x":[null,null,7]},"b.json":{"x":[null,9]}}');
    const merged = mergeWork([a, b]);
    expect(Object.keys(merged)).to.deep.equal(['__proto__', 'a.json', 'b.json']);
    expect(merged['b.json'].x).to.deep.equal([1, 9]);
    expect(merged['a.json'].x).to.deep.equal([null, null, 7]);
    expect(Object.hasOwn(merged, '__proto__') && merged['__proto__'].y).to.deep.equal([3]);
    expect(({} as Record<string, unknown>).y).to.equal(undefined);
  });

  it('the file is the same bytes for the same table in any order, and reads back', () => {
    const one = join(dir, 'one.json');
    const two = join(dir, 'two.json');
    writeFileSync(one, formatWorkFile(JSON.parse('{"b":{"y":[1],"x":[2]},"a":{"z":[null,3]}}')));
    writeFileSync(two, formatWorkFile(JSON.parse('{"a":{"z":[null,3]},"b":{"x":[2],"y":[1]}}')));
    expect(readFileSync(one, 'utf8')).to.equal(readFileSync(two, 'utf8'));
    expect(readFileSync(one, 'utf8')).to.equal(
      '{"version": 1, "work": {\n  "a": {\n    "z": [null,3]\n  },\n  "b": {\n    "x": [2],\n    "y": [1]\n  }\n}}\n',
    );
    expect(readWorkFile(one)).to.deep.equal({ table: { a: { z: [null, 3] }, b: { x: [2], y: [1] } } });
    expect(readWorkFile(join(dir, 'none.json'))).to.deep.equal({});
  });

  it('a file that is not a weights file says why, in one line', () => {
    const file = join(dir, 'bad.json');
    for (const [text, why] of [
      ['{', /^not JSON \(/],
      ['{"version": 9, "work": {}}', /^a weights file of another version \(9, not 1\)$/],
      [
        '{"version": 1, "work": {"a": {"x": [-1]}}}',
        /^a damaged weights file \("a" "x": -1 is not a whole number from 0 to 1000000000/,
      ],
      ['{"version": 1, "work": {"a": {"x": [1.5]}}}', /1\.5 is not a whole number/],
      ['{"version": 1, "work": {"a": ["x"]}}', /"a" "0": not an array|"a": not an object of fault kinds/],
      ['{"version": 1, "work": []}', /not an object of history files/],
      ['{"version": 1, "histories": []}', /^not a weights file \(no "version" and "work"\)$/],
    ] as const) {
      writeFileSync(file, text);
      const { table, problem, foreign } = readWorkFile(file);
      expect(table).to.equal(undefined);
      expect(Boolean(foreign), text).to.equal(text === '{' || text.includes('histories'));
      expect(problem).to.match(why);
      expect(problem).not.to.include('\n');
    }
  });

  it('packed for a shard and unpacked by the worker; anything else is refused with the reason', () => {
    const table: WorkTable = { 'a.json': { x: [1, null, 3] } };
    expect(unpackWork(packWork(table))).to.deep.equal(table);
    expect(packWork(table).length).to.be.lessThan(JSON.stringify(table).length * 3);
    expect((unpackWork(42) as Error).message).to.match(/not a gzipped JSON table \(not a string\)/);
    expect((unpackWork('not gzip') as Error).message).to.match(/not a gzipped JSON table/);
    const bomb = gzipSync(Buffer.alloc(WORK_LIMITS.unpackedBytes + 1, 32)).toString('base64');
    expect((unpackWork(bomb) as Error).message).to.match(/\(unpacks to more than 67108864 bytes\)$/);
    const negative = gzipSync('{"a":{"x":[-5]}}').toString('base64');
    expect((unpackWork(negative) as Error).message).to.match(/-5 is not a whole number/);
    expect(workTableProblem({ a: { x: new Array(WORK_LIMITS.stepsMax + 1).fill(1) } })).to.match(
      /at most 100000 steps/,
    );
  });
});
