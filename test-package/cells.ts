/**
 * The support matrix of test-package/pack-install.test.ts: each cell a kind of project a team has.
 * Every axis value is in at least one cell; the samples' layout (temporalio/samples-typescript:
 * only the @temporalio/* packages they import, a tsconfig extending @tsconfig/node22) with the
 * newest SDK and the newest TypeScript is one of them. Versions named `newest` are asked of npm.
 */
import { execFileSync } from 'node:child_process';

export type Tsconfig = 'none' | 'plain' | 'node22';
export type InstallSet = 'samples' | 'full';

export interface Cell {
  name: string;
  /** An exact @temporalio/* version. */
  sdk: string;
  typescript: string;
  tsconfig: Tsconfig;
  install: InstallSet;
  /** `"type": "module"`, its .ts files ESM with `./x.js` imports. */
  esm: boolean;
  /** Run by `npm run test:package` (.ci/run); every cell by `npm run test:package:matrix`. */
  inCi: boolean;
}

/** What the samples install; npm brings common and proto as the worker's own dependencies. */
export const SAMPLES_SET = ['activity', 'client', 'worker', 'workflow', 'testing'];
export const FULL_SET = [...SAMPLES_SET, 'common', 'proto'];

/** The newest published version matching a range (`npm view`, through the shared cache). */
function newest(pkg: string, range: string, cache: string): string {
  const out = execFileSync(
    'npm',
    ['view', `${pkg}@${range}`, 'version', '--json', '--prefer-offline', '--cache', cache],
    {
      encoding: 'utf8',
    },
  );
  const versions = [JSON.parse(out) as string | string[]].flat();
  // npm lists them in publishing order (a 1.17.x patch can come after 1.24.0): the highest by number.
  const numbers = (version: string) => version.split('.').map(Number);
  return versions.reduce((best, version) => {
    const [a, b] = [numbers(version), numbers(best)];
    const later = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    return later > 0 ? version : best;
  });
}

export function matrixCells(cache: string): Cell[] {
  const sdkNewest = newest('@temporalio/worker', '1', cache);
  const sdk113 = newest('@temporalio/worker', '~1.13.0', cache);
  const sdk121 = newest('@temporalio/worker', '~1.21.0', cache);
  const tsNewest = newest('typescript', 'latest', cache);
  const ts5 = newest('typescript', '5', cache);
  // The first three hold every axis value (CI runs them); the fourth is an ESM project as the samples would be one.
  return [
    {
      name: 'samples',
      sdk: sdkNewest,
      typescript: tsNewest,
      tsconfig: 'node22',
      install: 'samples',
      esm: false,
      inCi: true,
    },
    { name: 'oldest', sdk: sdk113, typescript: ts5, tsconfig: 'plain', install: 'full', esm: false, inCi: true },
    {
      name: 'esm-no-tsconfig',
      sdk: sdk121,
      typescript: ts5,
      tsconfig: 'none',
      install: 'samples',
      esm: true,
      inCi: true,
    },
    {
      name: 'esm-node22',
      sdk: sdkNewest,
      typescript: tsNewest,
      tsconfig: 'node22',
      install: 'full',
      esm: true,
      inCi: false,
    },
  ];
}

export function describeCell(cell: Cell): string {
  const set = cell.install === 'samples' ? 'the samples’ install set (no common/proto)' : 'every @temporalio/* package';
  const tsconfig = { none: 'no tsconfig', plain: 'a plain tsconfig', node22: 'a tsconfig extending @tsconfig/node22' }[
    cell.tsconfig
  ];
  return `${cell.name}: ${cell.esm ? 'an ESM project, ' : ''}SDK ${cell.sdk}, ${set}, TypeScript ${cell.typescript}, ${tsconfig}`;
}

/** The packages `npm install -D` puts beside the tarball. */
export function installSpecs(cell: Cell): string[] {
  return [
    ...(cell.install === 'samples' ? SAMPLES_SET : FULL_SET).map((name) => `@temporalio/${name}@${cell.sdk}`),
    `typescript@${cell.typescript}`,
    ...(cell.tsconfig === 'node22' ? ['@tsconfig/node22'] : []),
    'mocha@11.8.0',
  ];
}

/** The project's package.json, tsconfig and where its sources live (the samples keep them in src/). */
export function projectFiles(cell: Cell): { srcDir: string; files: Record<string, string> } {
  const srcDir = cell.tsconfig === 'node22' ? 'src/' : '';
  const files: Record<string, string> = {
    'package.json': JSON.stringify(
      { name: `saga-${cell.name}`, version: '1.0.0', private: true, ...(cell.esm ? { type: 'module' } : {}) },
      null,
      2,
    ),
  };
  if (cell.tsconfig === 'plain') {
    files['tsconfig.json'] = JSON.stringify(
      {
        compilerOptions: {
          target: 'es2022',
          module: 'commonjs',
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
        },
      },
      null,
      2,
    );
  } else if (cell.tsconfig === 'node22') {
    // The samples' tsconfig.json, as temporalio/samples-typescript has it.
    files['tsconfig.json'] = JSON.stringify(
      {
        extends: '@tsconfig/node22/tsconfig.json',
        version: '5.6.3',
        compilerOptions: {
          declaration: true,
          declarationMap: true,
          sourceMap: true,
          rootDir: './src',
          outDir: './lib',
        },
        include: ['src/**/*.ts'],
      },
      null,
      2,
    );
  }
  return { srcDir, files };
}

/** The fixture's sources for the cell: in an ESM project, relative imports name the .js file. */
export function sourceText(cell: Cell, text: string): string {
  return cell.esm ? text.replace(/from '(\.\/[^']+)'/g, "from '$1.js'") : text;
}

/** The module/moduleResolution pairs a team's spec file is type-checked under (TypeScript 7 has no node10). */
export function typeCheckModes(cell: Cell): Array<[string, string]> {
  return Number(cell.typescript.split('.')[0]) >= 7
    ? [
        ['node16', 'node16'],
        ['esnext', 'bundler'],
      ]
    : [
        ['commonjs', 'node'],
        ['node16', 'node16'],
      ];
}
