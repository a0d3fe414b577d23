import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT } from '../support/check-cli';

/**
 * A project's node_modules as npm can leave it: the worker's own common, proto and protobufjs
 * nested under it, other versions of them at the top (another package's, or the newest that a
 * peer dependency pulled in). The tool must load the worker's.
 */
function layout(root: string): void {
  const pkg = (dir: string, name: string, version: string, main = '') => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name, version, ...(main ? { main } : {}) }));
    writeFileSync(join(root, dir, 'index.js'), `module.exports = ${JSON.stringify({ name, version })};`);
  };
  pkg('node_modules/@temporalio/worker', '@temporalio/worker', '1.13.2');
  pkg('node_modules/@temporalio/worker/node_modules/@temporalio/proto', '@temporalio/proto', '1.13.2');
  pkg('node_modules/@temporalio/worker/node_modules/@temporalio/proto/node_modules/protobufjs', 'protobufjs', '7.2.5');
  pkg('node_modules/@temporalio/worker/node_modules/@temporalio/common', '@temporalio/common', '1.13.2');
  pkg('node_modules/@temporalio/proto', '@temporalio/proto', '1.24.0');
  pkg('node_modules/@temporalio/common', '@temporalio/common', '1.24.0');
  pkg('node_modules/@temporalio/testing', '@temporalio/testing', '1.13.2');
  pkg('node_modules/protobufjs', 'protobufjs', '8.8.1');
  pkg('node_modules/temporal-fault-replay', 'temporal-fault-replay', '0.1.0');
  mkdirSync(join(root, 'node_modules/temporal-fault-replay/lib/src'), { recursive: true });
  // a module of the tool, and one of the project's own, asking for the same packages
  const asks = `module.exports = ['@temporalio/worker', '@temporalio/proto', '@temporalio/common', '@temporalio/testing', 'protobufjs'].map((name) => require(name).version);`;
  writeFileSync(join(root, 'node_modules/temporal-fault-replay/lib/src/asks.js'), asks);
  writeFileSync(join(root, 'project-asks.js'), asks);
}

describe('one copy of the SDK: the tool resolves @temporalio/* and protobufjs through the project’s worker', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'project-sdk-'));
    layout(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('the worker’s copies for the tool’s own modules; the project’s modules resolve as Node does', () => {
    const script = `
      const { resolveSdkFromProjectWorker } = require(${JSON.stringify(join(ROOT, 'src/util/project-sdk.ts'))});
      resolveSdkFromProjectWorker(${JSON.stringify(join(root, 'node_modules/temporal-fault-replay'))});
      console.log(JSON.stringify({
        tool: require(${JSON.stringify(join(root, 'node_modules/temporal-fault-replay/lib/src/asks.js'))}),
        project: require(${JSON.stringify(join(root, 'project-asks.js'))}),
      }));`;
    const run = spawnSync(process.execPath, ['-r', join(ROOT, 'scripts/register-source.js'), '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).to.equal('');
    expect(JSON.parse(run.stdout)).to.deep.equal({
      // worker, proto, common, testing (not the worker's: found above it, as before), protobufjs (proto's)
      tool: ['1.13.2', '1.13.2', '1.13.2', '1.13.2', '7.2.5'],
      project: ['1.13.2', '1.24.0', '1.24.0', '1.13.2', '8.8.1'],
    });
  });
});
