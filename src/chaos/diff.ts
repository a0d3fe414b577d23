/** One way two world snapshots differ, at a path such as `schemas.tenant_x.tables[]`. */
export interface WorldDifference {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/**
 * The differences from `before` to `after` (both canonical JSON). Objects are compared key by key;
 * arrays as multisets of rows, so a row inserted twice shows as one `added` row.
 */
export function diffWorlds(before: unknown, after: unknown, path = ''): WorldDifference[] {
  if (Array.isArray(before) && Array.isArray(after)) return diffRows(before, after, `${path}[]`);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const inner = path ? `${path}.${key}` : key;
      if (!(key in before)) return [{ path: inner, change: 'added' as const, after: after[key] }];
      if (!(key in after)) return [{ path: inner, change: 'removed' as const, before: before[key] }];
      return diffWorlds(before[key], after[key], inner);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [{ path: path || '(root)', change: 'changed', before, after }];
}

function diffRows(before: unknown[], after: unknown[], path: string): WorldDifference[] {
  const left = before.map((row) => JSON.stringify(row));
  const right = after.map((row) => JSON.stringify(row));
  const removed = takeAway(left, right).map((row) => ({
    path,
    change: 'removed' as const,
    before: JSON.parse(row) as unknown,
  }));
  const added = takeAway(right, left).map((row) => ({
    path,
    change: 'added' as const,
    after: JSON.parse(row) as unknown,
  }));
  return [...removed, ...added];
}

/** The items of `from` left after removing one match for each item of `other`. */
function takeAway(from: string[], other: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of other) counts.set(item, (counts.get(item) ?? 0) + 1);
  return from.filter((item) => {
    const left = counts.get(item) ?? 0;
    if (left === 0) return true;
    counts.set(item, left - 1);
    return false;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `--allow tenants` allows `tenants`, `tenants[]` and `tenants.x`, not `tenants_old`. */
export function isAllowed(path: string, allow: string[]): boolean {
  return allow.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
}

export function differenceLine(difference: WorldDifference): string {
  const { path, change, before, after } = difference;
  if (change === 'added') return `+ ${path}: ${JSON.stringify(after)}`;
  if (change === 'removed') return `- ${path}: ${JSON.stringify(before)}`;
  return `~ ${path}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
}
