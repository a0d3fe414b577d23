import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT } from '../support/check-cli';

/**
 * bin/fault-replay.js as installed (it runs lib/), over a stand-in lib/src/cli.js that crashes the
 * way a broken install or a bug would: exit 1 means "a regression found", so a crash must be 2.
 */
describe('bin/fault-replay.js: a crash is one line and exit 2', () => {
  let pkg: string;
  const install = (cli: string) => {
    writeFileSync(join(pkg, 'lib/src/cli.js'), cli);
  };
  const run = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
    const { FAULT_REPLAY_DEBUG: _unset, ...rest } = process.env;
    return spawnSync(process.execPath, [join(pkg, 'bin/fault-replay.js'), ...args], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...rest, ...env },
    });
  };

  before(() => {
    pkg = mkdtempSync(join(tmpdir(), 'bin-crash-'));
    mkdirSync(join(pkg, 'bin'));
    mkdirSync(join(pkg, 'lib/src/util'), { recursive: true });
    copyFileSync(join(ROOT, 'bin/fault-replay.js'), join(pkg, 'bin/fault-replay.js'));
    writeFileSync(join(pkg, 'lib/src/util/sdk-version.js'), 'exports.sdkVersionProblem = () => undefined;\n');
  });
  after(() => rmSync(pkg, { recursive: true, force: true }));

  it('at module load (two copies of the SDK protos): the first line of the message, exit 2', () => {
    install(`throw new Error("duplicate name 'ActivityHeartbeat' in Namespace coresdk\\n    at more detail");\n`);
    const result = run(['--version']);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.equal("fault-replay: duplicate name 'ActivityHeartbeat' in Namespace coresdk\n");
    expect(result.stdout).to.equal('');
  });

  it('later, in a callback nothing awaited: exit 2, one line', () => {
    install(
      `exports.main = async () => {\n  setTimeout(() => { throw new TypeError("x.startsWith is not a function"); }, 10);\n  return new Promise(() => setTimeout(() => undefined, 10_000));\n};\n`,
    );
    const result = run(['check']);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.equal('fault-replay: x.startsWith is not a function\n');
  });

  it('a rejected promise nothing handled: exit 2, one line', () => {
    install(
      `exports.main = async () => {\n  void Promise.reject(new Error("lost"));\n  return new Promise(() => setTimeout(() => undefined, 10_000));\n};\n`,
    );
    const result = run(['check']);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.equal('fault-replay: lost\n');
  });

  it('--debug (taken out of the arguments) or FAULT_REPLAY_DEBUG=1 adds the stack', () => {
    install(`exports.main = async (argv) => {\n  console.log(JSON.stringify(argv));\n  throw new Error("boom");\n};\n`);
    const debug = run(['check', '--debug', '--workflows', 'w.ts']);
    expect(debug.status).to.equal(2);
    expect(debug.stdout).to.equal('["check","--workflows","w.ts"]\n');
    expect(debug.stderr).to.match(/^fault-replay: boom\nError: boom\n {4}at /);
    const fromEnv = run(['check'], { FAULT_REPLAY_DEBUG: '1' });
    expect(fromEnv.stderr).to.match(/^fault-replay: boom\nError: boom\n {4}at /);
    const plain = run(['check']);
    expect(plain.stderr).to.equal('fault-replay: boom\n');
  });
});
