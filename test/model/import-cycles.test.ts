/**
 * The folders of src depend on each other in one direction: no value import (an `import` that is
 * not type-only, `export … from`, or a dynamic `import()`) closes a cycle between two folders. Files
 * at the top of src (run.ts, cli.ts, index.ts, mocha.ts) count as folders of their own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { expect } from 'chai';
import * as ts from 'typescript';

const SRC = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** `src/judge/x.ts` → `judge`; `src/run.ts` → `run.ts`. */
function unitOf(file: string): string {
  const [first] = relative(SRC, file).split('/');
  return first;
}

/** The relative modules a file imports for their values. */
export function valueImports(text: string): string[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          bindings &&
          ts.isNamedImports(bindings) &&
          bindings.elements.length > 0 &&
          bindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((specifier) => specifier.startsWith('.'));
}

/** Each edge between units, with the file and import that makes it. */
function unitGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = unitOf(file);
    for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
      const target = normalize(join(dirname(file), specifier));
      const to = unitOf(target.endsWith('.ts') ? target : `${target}.ts`);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      graph.set(from, edges);
      if (!edges.has(to)) edges.set(to, `${relative(SRC, file)} imports ${specifier}`);
    }
  }
  return graph;
}

/** Strongly connected groups of more than one unit (Tarjan). */
export function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (unit: string): void => {
    index.set(unit, counter);
    low.set(unit, counter++);
    stack.push(unit);
    onStack.add(unit);
    for (const next of graph.get(unit)?.keys() ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(unit, Math.min(low.get(unit)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(unit, Math.min(low.get(unit)!, index.get(next)!));
    }
    if (low.get(unit) === index.get(unit)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== unit);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const unit of graph.keys()) if (!index.has(unit)) connect(unit);
  return groups;
}

describe('src: folders import each other in one direction', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['judge', new Map([['report', 'judge/x.ts imports ../report/y']])],
      ['report', new Map([['judge', 'report/y.ts imports ../judge/x']])],
      ['load', new Map([['model', 'load/z.ts imports ../model/w']])],
    ]);
    expect(cycles(graph)).to.deep.equal([['judge', 'report']]);
  });

  it('reads only value imports: type-only imports and exports do not count, dynamic imports do', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B, type C } from './b';",
      "import { D, type E } from './d';",
      "export type { F } from './f';",
      "export { G } from './g';",
      "import './h';",
      "const later = () => import('./i');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(valueImports(text)).to.deep.equal(['./d', './g', './h', './i']);
  });

  it('has no value-import cycle between folders of src', () => {
    const graph = unitGraph();
    const found = cycles(graph).map((group) => {
      const edges = group.flatMap((from) =>
        group.filter((to) => graph.get(from)?.has(to)).map((to) => `  ${from} → ${to} (${graph.get(from)!.get(to)})`),
      );
      return `${group.join(', ')}:\n${edges.join('\n')}`;
    });
    expect(found, found.join('\n')).to.deep.equal([]);
  });
});
