import { createHash } from 'node:crypto';
import { Parser, type Node } from 'acorn';

/** A function of the bundle, found by its place: its name among its siblings, under its parent. */
interface Fn {
  start: number;
  end: number;
  /** Its body: all its own text but the head (name, parameters with their defaults, `async`, `=>`). */
  body: { start: number; end: number };
  /** `parent path/name#k`: k counts the siblings before it of the same name (a module's name is its webpack key). */
  path: string;
  parent?: Fn;
  children: Fn[];
  /** In a `node_modules/@temporalio/` module: the SDK, pinned by sdkDigest, not per scenario. */
  sdk: boolean;
  ownHash?: string;
}

type AnyNode = Node & Record<string, unknown>;

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** A webpack module key of the SDK's (relative to where the bundle was made: `./`, `../../`). */
const SDK_MODULE = /^(\.\.?\/)+(.*\/)?node_modules\/@temporalio\//;
const ROOT_PATH = '';

/**
 * The workflow bundle's functions, each with a path that names it across bundles and its own text
 * (its code with every nested function replaced by a placeholder naming that function's path).
 * `--narrow-keys` keeps, per scenario, the paths of the functions its replays ran and a digest of
 * their own texts: a later bundle in which each of those paths has the same own text runs that
 * scenario's code exactly as before (what it called is pinned by the callers' own texts, and a
 * function it never ran cannot change it). A path that moved (a function inserted before it)
 * is a difference, never a match.
 */
export class FunctionIndex {
  private readonly byPath = new Map<string, Fn>();
  private readonly byEnd = new Map<number, Fn[]>();
  private readonly sorted: Fn[] = [];
  private readonly root: Fn;
  private readonly mapped = new Map<string, Fn[]>();
  /** [start, end) of every comment: each a space or a line break in own texts (the inline source map changes with any code). */
  private readonly comments: Array<[number, number]> = [];
  /** Every SDK module's whole text: the SDK a scenario ran is pinned as one. */
  readonly sdkDigest: string;

  constructor(private readonly code: string) {
    this.root = {
      start: 0,
      end: code.length,
      body: { start: 0, end: code.length },
      path: ROOT_PATH,
      children: [],
      sdk: false,
    };
    this.byPath.set(ROOT_PATH, this.root);
    const program = Parser.parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowHashBang: true,
      onComment: (_block, _text, start, end) => void this.comments.push([start, end]),
    });
    this.visit(program as unknown as AnyNode, undefined, this.root, new Map());
    this.sorted.sort((a, b) => a.start - b.start || b.end - a.end);
    for (const fn of [this.root, ...this.sorted]) fn.children.sort((a, b) => a.start - b.start);
    const sdk = createHash('sha256');
    for (const fn of this.sorted)
      if (fn.sdk && !fn.parent?.sdk) sdk.update(fn.path).update('\0').update(code.slice(fn.start, fn.end)).update('\0');
    this.sdkDigest = sdk.digest('hex').slice(0, 32);
  }

  /**
   * The paths of the functions that V8 ranges ([start, end) offsets of functions that ran) ran in,
   * the top level always, SDK functions left out. A range that matches no function exactly stands
   * for the innermost function holding it and every function inside it (more paths, never fewer).
   */
  executed(ranges: Array<[number, number]>): string[] {
    const paths = new Set<string>([ROOT_PATH]);
    for (const [start, end] of ranges) for (const fn of this.functionsOf(start, end)) if (!fn.sdk) paths.add(fn.path);
    return [...paths].sort();
  }

  /** A digest of these paths' own texts; undefined when one of them is not in this bundle. */
  digest(paths: string[]): string | undefined {
    const digest = createHash('sha256');
    for (const path of [...paths].sort()) {
      const fn = this.byPath.get(path);
      if (!fn) return undefined;
      digest.update(path).update('\0').update(this.ownHash(fn)).update('\0');
    }
    return digest.digest('hex').slice(0, 32);
  }

  private functionsOf(start: number, end: number): Fn[] {
    const key = `${start}:${end}`;
    let found = this.mapped.get(key);
    if (found) return found;
    // The script itself (V8 ends it before a last newline): its top level, which the root always stands for.
    if (start === 0 && end >= this.code.length - 1) return [this.root];
    const endingHere = this.byEnd.get(end) ?? [];
    const holding = endingHere.filter((fn) => fn.start <= start).sort((a, b) => b.start - a.start)[0];
    const inside = endingHere.filter((fn) => fn.start >= start);
    // V8 starts a method at its key, acorn at its parameters: the same function, ending at the same place.
    if (holding || inside.length) found = [...(holding ? [holding] : []), ...inside];
    else {
      const innermost = this.innermostHolding(start, end);
      found = [innermost, ...this.descendants(innermost).filter((fn) => fn.start >= start && fn.end <= end)];
    }
    this.mapped.set(key, found);
    return found;
  }

  private innermostHolding(start: number, end: number): Fn {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle].start <= start) low = middle + 1;
      else high = middle;
    }
    for (let fn: Fn | undefined = this.sorted[low - 1]; fn; fn = fn.parent) if (fn.end >= end) return fn;
    return this.root;
  }

  private descendants(fn: Fn): Fn[] {
    return fn.children.flatMap((child) => [child, ...this.descendants(child)]);
  }

  private ownHash(fn: Fn): string {
    if (fn.ownHash) return fn.ownHash;
    const digest = createHash('sha256');
    let at = fn.start;
    // A nested function's head stays (its parameters are what `fn.length` reads); its body is the placeholder.
    for (const child of fn.children) {
      this.updateWithCode(digest, at, child.body.start);
      digest.update(`\u0192(${child.path.slice(fn.path.length)})`);
      at = child.body.end;
    }
    this.updateWithCode(digest, at, fn.end);
    return (fn.ownHash = digest.digest('hex').slice(0, 32));
  }

  /** The code from `start` to `end`, each comment as the space or line break it stands for (a line break may end a statement). */
  private updateWithCode(digest: ReturnType<typeof createHash>, start: number, end: number): void {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.comments[middle][1] <= start) low = middle + 1;
      else high = middle;
    }
    let at = start;
    for (let i = low; i < this.comments.length && this.comments[i][0] < end; i++) {
      const [from, to] = this.comments[i];
      if (from > at) digest.update(this.code.slice(at, from));
      if (to > at) digest.update(/[\n\r\u2028\u2029]/.test(this.code.slice(Math.max(at, from), to)) ? '\n' : ' ');
      at = Math.max(at, to);
    }
    if (at < end) digest.update(this.code.slice(at, end));
  }

  private visit(node: AnyNode, parent: AnyNode | undefined, owner: Fn, seen: Map<string, number>): void {
    if (FUNCTION_TYPES.has(node.type)) {
      const name = nameOf(node, parent);
      const k = seen.get(name) ?? 0;
      seen.set(name, k + 1);
      const body = node.body as AnyNode;
      const fn: Fn = {
        start: node.start,
        end: node.end,
        body: { start: body.start, end: body.end },
        path: `${owner.path}/${encodeURIComponent(name)}#${k}`, // escaped: a name with / or # names no other place
        parent: owner,
        children: [],
        sdk: owner.sdk || SDK_MODULE.test(name),
      };
      owner.children.push(fn);
      this.byPath.set(fn.path, fn);
      const ending = this.byEnd.get(fn.end) ?? [];
      this.byEnd.set(fn.end, ending);
      ending.push(fn);
      this.sorted.push(fn);
      owner = fn;
      seen = new Map();
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      for (const child of Array.isArray(value) ? value : [value])
        if (child && typeof child === 'object' && typeof (child as AnyNode).type === 'string')
          this.visit(child as AnyNode, node, owner, seen);
    }
  }
}

/** The name a function is known by where it is written: its property key, its own name, or the variable or member it is assigned to. */
function nameOf(fn: AnyNode, parent: AnyNode | undefined): string {
  if (
    parent &&
    (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition')
  ) {
    const key = parent.key as AnyNode;
    if (parent.value === fn && !parent.computed) {
      if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return String(key.name);
      if (key.type === 'Literal') return String(key.value);
    }
  }
  const id = fn.id as AnyNode | null | undefined;
  if (id?.type === 'Identifier') return String(id.name);
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && (parent.id as AnyNode).type === 'Identifier')
    return String((parent.id as AnyNode).name);
  if (parent?.type === 'AssignmentExpression' && parent.right === fn) {
    const left = parent.left as AnyNode;
    if (left.type === 'Identifier') return String(left.name);
    if (left.type === 'MemberExpression' && !left.computed) return String((left.property as AnyNode).name);
  }
  return '';
}
