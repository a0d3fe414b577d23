import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { shardRunOptions, ShardRefused, workerPolicy, type WorkerPolicy } from '../../src/distribute/policy';
import { SHARD_LIMITS } from '../../src/distribute/protocol';
import { packWork } from '../../src/report/shard-work';
import { ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

/** What a worker accepts from a shard (anyone who can start a workflow on its queue can send one). */
describe("a worker's policy: a shard is data under the worker's own command line", () => {
  let root: string;
  let policy: WorkerPolicy;
  const valid = { options: { histories: ['histories/happy.json'], faults: ['activity-failed'] }, index: 1, count: 2 };
  const refused = (input: unknown) => {
    try {
      shardRunOptions(input, policy);
    } catch (err) {
      if (err instanceof ShardRefused) return err.message;
      throw err;
    }
    return 'accepted';
  };

  before(() => {
    root = scratchDir('policy-');
    mkdirSync(join(root, 'histories'));
    symlinkSync('/etc', join(root, 'histories', 'etc'));
    policy = workerPolicy({
      historiesRoot: root,
      workflowsPath: join(ROOT, 'examples/workflows.ts'),
      resultsPath: join(ROOT, 'package.json'),
      maxWorkers: 2,
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("a valid shard runs with the worker's own modules and files, the shard's histories and data", () => {
    const options = shardRunOptions({ ...valid, options: { ...valid.options, workers: 9, maxRounds: 50 } }, policy);
    expect(options).to.deep.include({
      workflowsPath: join(ROOT, 'examples/workflows.ts'),
      resultsPath: join(ROOT, 'package.json'),
      histories: ['histories/happy.json'],
      workers: 2,
      maxRounds: 50,
      update: false,
    });
    expect(options.shard).to.deep.equal({ index: 1, count: 2 });
  });

  it('module and file paths are refused, each named', () => {
    for (const key of [
      'workflowsPath',
      'resultsPath',
      'interceptorModules',
      'payloadConverterPath',
      'dataConverterPath',
      'goldenDir',
      'specPath',
    ]) {
      expect(refused({ ...valid, options: { ...valid.options, [key]: '/tmp/evil.js' } })).to.equal(
        `options: "${key}" not accepted: a shard carries no module or file path; the worker's own command line sets them`,
      );
    }
    expect(refused({ ...valid, extra: 1 })).to.match(/^the shard: "extra" not accepted/);
  });

  it('histories outside the root are refused: absolute, climbing, through a symlink, with a NUL', () => {
    const at = (path: string) => refused({ ...valid, options: { histories: [path] } });
    expect(at('/etc/passwd')).to.equal(
      'histories: "/etc/passwd" is absolute: a shard names histories by relative path under the worker\'s --histories-root',
    );
    expect(at('/proc/self/pagemap')).to.match(/is absolute/);
    expect(at('../../etc/passwd')).to.equal(
      'histories: "../../etc/passwd" leads out of the worker\'s --histories-root',
    );
    expect(at('histories/../../x')).to.match(/leads out of/);
    expect(at('histories/etc/passwd')).to.equal(
      'histories: "histories/etc/passwd" leads out of the worker\'s --histories-root (through a symlink)',
    );
    expect(at('histories/a\0b')).to.match(/holds a NUL/);
    expect(at('histories/not-there.json')).to.equal('accepted'); // read as a missing file: a problem line in the report
  });

  it('values out of bounds and payloads over their limits are refused, saying the limit', () => {
    expect(refused({ ...valid, index: 3 })).to.equal('index must be a whole number from 1 to 2');
    expect(refused({ ...valid, count: 1e9 })).to.equal(`count must be a whole number from 1 to ${SHARD_LIMITS.shards}`);
    expect(refused({ ...valid, options: { ...valid.options, faults: ['rm -rf'] } })).to.equal(
      'faults: no fault kind "rm -rf"',
    );
    expect(refused({ ...valid, options: { ...valid.options, deadlineMs: 1e12 } })).to.equal(
      `deadlineMs must be a whole number from 1 to ${SHARD_LIMITS.deadlineMs}`,
    );
    expect(refused({ ...valid, options: { histories: Array(SHARD_LIMITS.histories + 1).fill('h.json') } })).to.match(
      /^histories: 10001 given, over the limit of 10000$/,
    );
    expect(refused({ ...valid, options: { histories: ['x'.repeat(300_000)] } })).to.match(
      /^the shard is \d+ characters of JSON, over the limit of 262144$/,
    );
    expect(refused({ ...valid, options: { ...valid.options, signals: { abort: 'x' } } })).to.equal(
      "signals: each signal's arguments must be an array",
    );
    expect(refused({ ...valid, options: { histories: 'histories' } })).to.equal(
      'histories must be an array of strings',
    );
    expect(refused(null)).to.equal('the shard must be an object');
  });

  it("the split's weights: a packed table is unpacked for the split; anything else is refused", () => {
    const table = { 'histories/happy.json': { 'activity-failed': [3, null, 40] } };
    expect(shardRunOptions({ ...valid, weights: packWork(table) }, policy).shardWeights).to.deep.equal(table);
    expect(shardRunOptions(valid, policy).shardWeights).to.equal(undefined);
    expect(refused({ ...valid, weights: { 'a.json': {} } })).to.equal(
      'weights: not a gzipped JSON table (not a string)',
    );
    expect(refused({ ...valid, weights: packWork({ a: { x: [-1] } }) })).to.equal(
      'weights: "a" "x": -1 is not a whole number from 0 to 1000000000 (or null)',
    );
  });
});
