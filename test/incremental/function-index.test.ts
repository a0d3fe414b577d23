import { expect } from 'chai';
import { FunctionIndex } from '../../src/incremental/function-index';

const CODE = `var x = 1;
function outer(a) {
  // what it does
  const undo = () => act(a);
  const other = () => act(a + 1);
  return undo;
}
var modules = {
"./saga.ts"(module) { module.exports = { run() { return 2; } }; },
"./node_modules/@temporalio/workflow/lib/x.js"(module) { module.exports = () => 3; },
};
class Steps { field = 1; first() { return 1; } second() { return 2; } }
`;

/** [start, end) of the function whose text starts with `from` and ends with `to` (after it), as V8 reports it. */
function range(code: string, from: string, to: string): [number, number] {
  const start = code.indexOf(from);
  return [start, code.indexOf(to, start) + to.length];
}

describe('FunctionIndex: the bundle functions a scenario ran, named by place, compared by their own text', () => {
  const index = new FunctionIndex(CODE);

  it('names a function by its parent and its name there; the top level is always in', () => {
    expect(index.executed([range(CODE, 'function outer', 'return undo;\n}')])).to.deep.equal(['', '/outer#0']);
    expect(index.executed([range(CODE, '() => act(a)', 'act(a)')])).to.deep.equal(['', '/outer#0/undo#0']);
  });

  it("a function's own text leaves its nested functions out (a placeholder names each) and its comments", () => {
    const own = (code: string, path: string) => new FunctionIndex(code).digest([path]);
    const otherChanged = CODE.replace('act(a + 1)', 'act(a + 2)');
    expect(own(otherChanged, '/outer#0'), 'a nested function changed').to.equal(own(CODE, '/outer#0'));
    expect(own(otherChanged, '/outer#0/other#0')).to.not.equal(own(CODE, '/outer#0/other#0'));
    expect(own(CODE.replace('what it does', 'what it did'), '/outer#0'), 'a comment').to.equal(own(CODE, '/outer#0'));
    expect(own(CODE.replace('return undo;', 'return other;'), '/outer#0')).to.not.equal(own(CODE, '/outer#0'));
  });

  it('a comment stands for a space, or a line break when it holds one (which may end a statement)', () => {
    const own = (code: string) => new FunctionIndex(code).digest(['/outer#0']);
    expect(own(CODE.replace('return undo;', 'return /* a */ undo;'))).to.equal(
      own(CODE.replace('return undo;', 'return /* b */ undo;')),
    );
    expect(own(CODE.replace('return undo;', 'return /* a\n */ undo;')), 'return; undo;').to.not.equal(
      own(CODE.replace('return undo;', 'return /* a */ undo;')),
    );
  });

  it("a nested function's head (its parameters, which fn.length reads) is in its parent's own text; its body is not", () => {
    const own = (code: string) => new FunctionIndex(code).digest(['/outer#0']);
    expect(own(CODE.replace('const undo = () => act(a);', 'const undo = (reason) => act(a);'))).to.not.equal(own(CODE));
    expect(own(CODE.replace('const undo = () => act(a);', 'const undo = () => act(a, 1);'))).to.equal(own(CODE));
  });

  it('two functions that swap bodies are both changed (the placeholder is the place, not the text)', () => {
    const swapped = CODE.replace('() => act(a);', 'TMP')
      .replace('() => act(a + 1);', '() => act(a);')
      .replace('TMP', '() => act(a + 1);');
    const changed = new FunctionIndex(swapped);
    expect(changed.digest(['/outer#0/undo#0'])).to.not.equal(index.digest(['/outer#0/undo#0']));
    expect(changed.digest(['/outer#0'])).to.equal(index.digest(['/outer#0']));
  });

  it('a function inserted before another moves it: its path then names another function or none', () => {
    const inserted = new FunctionIndex(CODE.replace('  const undo', '  const undo = () => 0;\n  const undo2'));
    expect(inserted.digest(['/outer#0/undo#0'])).to.not.equal(index.digest(['/outer#0/undo#0']));
  });

  it('a method V8 starts at its key is the method; the whole script is the top level alone', () => {
    expect(index.executed([range(CODE, '"./saga.ts"', '}; }')])).to.deep.equal(['', '/.%2Fsaga.ts#0']);
    expect(index.executed([[0, CODE.length - 1]])).to.deep.equal(['']);
  });

  it('a range that is no function stands for the innermost function holding it and every function in it', () => {
    const klass = range(CODE, 'class Steps', 'return 2; } }');
    expect(index.executed([klass])).to.deep.equal(['', '/first#0', '/second#0']);
  });

  it("the SDK's modules are left out of the paths and pinned as one digest", () => {
    const sdk = range(CODE, '"./node_modules/@temporalio', '() => 3; }');
    expect(index.executed([sdk])).to.deep.equal(['']);
    expect(new FunctionIndex(CODE.replace('() => 3', '() => 4')).sdkDigest).to.not.equal(index.sdkDigest);
    expect(new FunctionIndex(CODE.replace('return 2;', 'return 3;')).sdkDigest).to.equal(index.sdkDigest);
  });

  it('a name holding / or # is escaped: it never names the place of another function', () => {
    const code = 'var t = { "a#0/b": () => 1, a: { b: () => 2 } };\nfunction a() { function b() { return 3; } }\n';
    const paths = new FunctionIndex(code).executed([[0, code.length - 1]]);
    expect(paths).to.deep.equal(['']);
    const index = new FunctionIndex(code);
    const all = ['/a%230%2Fb#0', '/b#0', '/a#0', '/a#0/b#0'].map((path) => index.digest([path]));
    expect(new Set(all).size, 'four places, four digests').to.equal(4);
  });

  it('a path this bundle does not have gives no digest', () => {
    expect(index.digest(['/outer#0/gone#0'])).to.equal(undefined);
  });
});
