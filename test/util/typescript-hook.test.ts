import { expect } from 'chai';
import { compileErrorLine, compileTypeScript, TypeScriptCompileError } from '../../src/util/typescript-hook';

describe('the TypeScript hook (swc, the tool’s own)', () => {
  it('compiles TypeScript to CommonJS whatever module syntax the file uses', () => {
    const code = compileTypeScript(
      "import { a } from './a.js';\nexport enum Side { Left }\nexport const b: number = a;\n",
      '/nowhere/x.ts',
    );
    expect(code).to.include('require("./a.js")');
    expect(code).to.match(/exports/);
    expect(code).to.not.include(': number');
  });

  it('a syntax error is one line: file:line:column and the compiler’s message', () => {
    const source = 'export const a = 1;\nexport function f(x: number) {\n  return x +;\n}\n';
    let thrown: unknown;
    try {
      compileTypeScript(source, '/project/src/activities.ts');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(TypeScriptCompileError);
    expect((thrown as Error).message).to.equal('/project/src/activities.ts:3:13: Expression expected');
  });

  it('reads the line and column under swc’s marker, in a terminal’s drawing too', () => {
    const drawn = [
      '  × Unexpected token `=`. Expected an identifier',
      '   ╭─[/p/world.ts:8:1]',
      ' 7 │ ',
      ' 8 │ let b: = 3;',
      '   ·        ─',
      '   ╰────',
    ].join('\n');
    expect(compileErrorLine(drawn, '/p/world.ts')).to.equal(
      '/p/world.ts:8:8: Unexpected token `=`. Expected an identifier',
    );
    expect(compileErrorLine('  x Something odd\n   ,-[/p/a.ts:4:1]', '/p/a.ts')).to.equal('/p/a.ts:4:1: Something odd');
    expect(compileErrorLine('no drawing at all', '/p/a.ts')).to.equal('/p/a.ts: no drawing at all');
  });
});
