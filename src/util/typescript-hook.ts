/**
 * Loads TypeScript modules (a team's activities, results, converters, probe; the tool's own
 * sources in a checkout) with the swc this package depends on, never the project's `typescript`
 * (7.x has no JavaScript API) and whatever its tsconfig says about modules: every .ts/.tsx/.mts/.cts
 * file is transpiled to CommonJS, types dropped, nothing checked. From the nearest tsconfig it takes
 * only `paths` (aliases) and the decorator flags, and a tsconfig that cannot be read is ignored.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { createPathsMatcher, getTsconfig, type TsConfigResult } from 'get-tsconfig';

const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
/** ESM-style TypeScript imports name the compiled file (`./x.js`); the source is `./x.ts`. */
const SOURCE_EXTENSIONS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

type Loader = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;
type Resolve = (request: string, parent: NodeJS.Module | undefined, isMain: boolean, options?: unknown) => string;
const NodeModule = Module as unknown as { _extensions: Record<string, Loader>; _resolveFilename: Resolve };

/** A module that does not compile: one line, `file:line:column: the compiler's message`. */
export class TypeScriptCompileError extends Error {
  override name = 'TypeScriptCompileError';
}

let registered = false;

/** Makes `require` load TypeScript files through swc (once per process; replaces any other .ts loader). */
export function registerTypeScript(): void {
  if (registered) return;
  registered = true;
  const extensions = NodeModule._extensions;
  for (const extension of TYPESCRIPT_EXTENSIONS) {
    extensions[extension] = (module, filename) =>
      module._compile(compileTypeScript(readFileSync(filename, 'utf8'), filename), filename);
  }
  // Node tries extensions in this order: `./world` is world.ts before a world.json beside it, as in TypeScript.
  for (const extension of ['.json', '.node']) {
    const loader = extensions[extension];
    delete extensions[extension];
    extensions[extension] = loader;
  }
  const resolve = NodeModule._resolveFilename;
  NodeModule._resolveFilename = function (request, parent, isMain, options) {
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND' || !parent?.filename || !isTypeScript(parent.filename))
        throw err;
      for (const candidate of sourceCandidates(request, parent.filename)) {
        try {
          return resolve.call(this, candidate, parent, isMain, options);
        } catch {
          // the next candidate
        }
      }
      throw err;
    }
  };
}

export function isTypeScript(filename: string): boolean {
  return TYPESCRIPT_EXTENSIONS.some((extension) => filename.endsWith(extension)) && !filename.endsWith('.d.ts');
}

/** Other names a request from a TypeScript file may mean: its .ts source, or a tsconfig `paths` alias. */
function sourceCandidates(request: string, parentFile: string): string[] {
  if (request.startsWith('.') || request.startsWith('/')) {
    const extension = Object.keys(SOURCE_EXTENSIONS).find((e) => request.endsWith(e));
    return extension ? SOURCE_EXTENSIONS[extension].map((source) => request.slice(0, -extension.length) + source) : [];
  }
  const config = tsconfigFor(parentFile);
  const aliases = config ? (createPathsMatcher(config)?.(request) ?? []) : [];
  return aliases.flatMap((alias) => [alias, ...sourceCandidates(alias, parentFile)]);
}

const tsconfigs = new Map<string, TsConfigResult | undefined>();

/** The nearest tsconfig (with its `extends` resolved), or undefined when there is none or it does not parse. */
function tsconfigFor(file: string): TsConfigResult | undefined {
  const dir = dirname(file);
  if (!tsconfigs.has(dir)) {
    let config: TsConfigResult | undefined;
    try {
      config = getTsconfig(dir) ?? undefined;
    } catch {
      config = undefined;
    }
    tsconfigs.set(dir, config);
  }
  return tsconfigs.get(dir);
}

/** TypeScript source to CommonJS JavaScript (inline source map); a syntax error is a TypeScriptCompileError. */
export function compileTypeScript(source: string, filename: string): string {
  const options = tsconfigFor(filename)?.config.compilerOptions;
  try {
    // Loaded on the first .ts file: a process that never meets one never loads swc's native binding.
    const { transformSync } = require('@swc/core') as typeof import('@swc/core');
    return transformSync(source, {
      filename,
      swcrc: false,
      configFile: false,
      sourceMaps: 'inline',
      module: { type: 'commonjs' },
      jsc: {
        parser: { syntax: 'typescript', tsx: filename.endsWith('.tsx'), decorators: true },
        target: 'es2022',
        keepClassNames: true,
        transform: {
          legacyDecorator: options?.experimentalDecorators === true,
          decoratorMetadata: options?.emitDecoratorMetadata === true,
        },
      },
    }).code;
  } catch (err) {
    throw new TypeScriptCompileError(compileErrorLine(String((err as Error)?.message ?? err), filename));
  }
}

/**
 * swc's report is a drawing: `  x Expression expected`, then `,-[file:3:1]`, the numbered source
 * lines and a `:   ^` marker under the error (`×`, `╭─[`, `·` in a terminal). One line of it.
 */
export function compileErrorLine(report: string, filename: string): string {
  const lines = report.split('\n');
  const message = (lines.find((line) => line.trim() !== '') ?? report).trim().replace(/^[x×]\s+/, '');
  const header = /[,╭][-─]?\[(.*):(\d+):(\d+)\]/.exec(report);
  let line = header?.[2];
  let column = header?.[3];
  const marker = lines.findIndex((text) => /^\s*[:·]\s*[\^─┬]/.test(text));
  const sourceLine = marker > 0 ? /^\s*(\d+)\s*[|│]/.exec(lines[marker - 1]) : null;
  if (sourceLine) {
    line = sourceLine[1];
    const gutter = lines[marker].search(/[:·]/);
    column = String(lines[marker].search(/[\^─┬]/) - gutter - 1);
  }
  return `${filename}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${message}`;
}
