import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { bundleWorkflows } from '../../src/replay/bundle';
import { ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

/** Real webpack/SDK failures on workflow files written for the test: the one line keeps what to fix. */
describe('a workflows module that does not bundle: the one line says why', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = scratchDir('bundle-error-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function failureOf(name: string, source: string): Promise<string> {
    const file = join(dir, name);
    writeFileSync(file, source);
    return bundleWorkflows({ workflowsPath: relative(ROOT, file) }).then(
      () => 'bundled',
      (err: Error) => err.message,
    );
  }

  it('a syntax error: the file, the line and the compiler’s reason', async () => {
    const failure = await failureOf(
      'broken.ts',
      'export async function ok() {\n  return 1;\n}\nexport async function broken(: string) {\n  return 2;\n}\n',
    );
    expect(failure).not.to.include('\n');
    expect(failure).to.match(/does not bundle: \.\/\.scratch\/bundle-error-\w+\/broken\.ts:4: Unexpected token `:`/);
  });

  it('a disallowed module (node:fs): the modules named', async () => {
    const failure = await failureOf(
      'uses-fs.ts',
      "import { readFileSync } from 'fs';\nexport async function usesFs(): Promise<string> {\n  return readFileSync('x', 'utf8');\n}\n",
    );
    expect(failure).not.to.include('\n');
    expect(failure).to.match(/does not bundle: .*importing the following disallowed modules: 'fs'/);
  });

  it('a missing import: the module and what cannot be resolved', async () => {
    const failure = await failureOf(
      'missing.ts',
      "import { nothing } from './no-such-module';\nexport async function missing(): Promise<unknown> {\n  return nothing;\n}\n",
    );
    expect(failure).not.to.include('\n');
    expect(failure).to.match(
      /does not bundle: \.\/\.scratch\/bundle-error-\w+\/missing\.ts:1: Module not found: Error: Can't resolve '\.\/no-such-module'/,
    );
  });

  it('two errors: the first one, and how many more', async () => {
    const failure = await failureOf(
      'two.ts',
      "import { a } from './no-such-a';\nimport { b } from './no-such-b';\nexport async function two(): Promise<unknown> {\n  return [a, b];\n}\n",
    );
    expect(failure).not.to.include('\n');
    expect(failure).to.match(
      /two\.ts:\d: Module not found: Error: Can't resolve '\.\/no-such-[ab]' in '[^']*' \(and 1 more error\)$/,
    );
  });

  it('an interceptor module that is not there: named as the interceptor, not as the workflows', async () => {
    const failure = await bundleWorkflows({
      workflowsPath: 'examples/tenant-provisioning/workflows.ts',
      interceptorModules: ['no-such-interceptors.ts'],
    }).then(
      () => 'bundled',
      (err: Error) => err.message,
    );
    expect(failure).to.equal('interceptor module no-such-interceptors.ts: no such module');
  });
});
