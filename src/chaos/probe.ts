import { loadUserModule } from '../util/load-module';

/** What a probe is told about the run it resets for or describes. */
export interface ProbeContext {
  workflowType: string;
  args: unknown[];
}

/**
 * The team's description of the world its activities touch. `snapshot()` must return plain JSON
 * that depends only on that world (no ids from sequences, no timestamps): runs are compared by it.
 */
export interface ChaosProbe {
  reset(context: ProbeContext): Promise<void> | void;
  snapshot(context: ProbeContext): Promise<unknown> | unknown;
  /** Optional: release connections when the chaos run is over. */
  close?(): Promise<void> | void;
}

export function loadProbe(path: string): ChaosProbe {
  const module = loadUserModule(path, 'probe');
  const probe = (
    typeof module.default === 'object' && module.default !== null ? module.default : module
  ) as Partial<ChaosProbe>;
  const missing = (['reset', 'snapshot'] as const).filter((name) => typeof probe[name] !== 'function');
  if (missing.length) throw new Error(`probe module ${path} must export ${missing.map((m) => `${m}()`).join(' and ')}`);
  return probe as ChaosProbe;
}

/** The snapshot as canonical JSON (keys sorted), so equal worlds compare and print the same. */
export async function takeSnapshot(probe: ChaosProbe, context: ProbeContext): Promise<unknown> {
  return worldValue(await probe.snapshot(context));
}

/** A snapshot value with object keys sorted, dates as ISO text and undefined as null (JSON's own reading of it, kept as a value to diff). */
export function worldValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(worldValue);
  if (value === null || typeof value !== 'object') return value === undefined ? null : value;
  if (value instanceof Date) return value.toISOString();
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, worldValue(inner)]));
}
