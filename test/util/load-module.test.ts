import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { loadUserModule, userModuleFiles } from '../../src/util/load-module';

/** A project folder outside this repo (no tsconfig above it) with the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'load-module-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('loading a team’s TypeScript module', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>) => {
    const dir = project(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('the files a module is made of: itself and the local modules it loads, not the packages', () => {
    const dir = make({
      'results.ts':
        "import { base } from './helper';\nimport { ok } from 'node:assert';\nexport const results = { ...base };\n",
      'helper.ts': "import { inner } from './inner';\nexport const base = { a: inner };\n",
      'inner.ts': 'export const inner = 1;\n',
    });
    expect(userModuleFiles(join(dir, 'results.ts'), 'results')).to.deep.equal(
      ['helper.ts', 'inner.ts', 'results.ts'].map((name) => join(dir, name)),
    );
  });

  it('an ESM project under a node16 tsconfig: "type": "module", imports that name ./x.js for x.ts', () => {
    const dir = make({
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true },
      }),
      'src/activities.ts':
        "import { price } from './prices.js';\nexport async function charge(order: string): Promise<number> {\n  return price(order);\n}\n",
      'src/prices.ts': 'export function price(order: string): number {\n  return order.length * 10;\n}\n',
    });
    const activities = loadUserModule(join(dir, 'src/activities.ts'), 'activities') as {
      charge(order: string): Promise<number>;
    };
    return activities.charge('abc').then((value) => expect(value).to.equal(30));
  });

  it('`./world` is world.ts, as TypeScript reads it, not a world.json beside it', () => {
    const dir = make({
      'probe.ts': "import { world } from './world';\nexport const seen = world();\n",
      'world.ts': "export function world(): string {\n  return 'the module';\n}\n",
      'world.json': '{ "world": "the data file" }',
    });
    expect(loadUserModule(join(dir, 'probe.ts'), 'probe').seen).to.equal('the module');
  });

  it('tsconfig path aliases, through an `extends`', () => {
    const dir = make({
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: { baseUrl: '.', paths: { '@money/*': ['lib/money/*'] } },
      }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }),
      'lib/money/cents.ts': 'export const cents = (n: number): number => n * 100;\n',
      'activities.ts': "import { cents } from '@money/cents';\nexport const total = cents(3);\n",
    });
    expect(loadUserModule(join(dir, 'activities.ts'), 'activities').total).to.equal(300);
  });

  it('a module that does not compile: one line, the module, file:line:column and the compiler’s message', () => {
    const dir = make({
      'activities.ts': "export { ship } from './ship';\n",
      'ship.ts': 'export async function ship(id: string) {\n  const parcel = { id, };\n  return parcel.;\n}\n',
    });
    const file = join(dir, 'activities.ts');
    expect(() => loadUserModule(file, 'activities')).to.throw(
      `activities module ${file} does not compile: ${join(dir, 'ship.ts')}:3:17: Expected ident`,
    );
    try {
      loadUserModule(file, 'activities');
    } catch (err) {
      expect((err as Error).message.split('\n')).to.have.length(1);
    }
  });
});
