import { resolve } from 'node:path';
import { OBSERVER_MODULE } from './bundle';

export interface BundleSources {
  /** The files the bundle was built from, as its source map names them (absolute paths, and webpack's own). */
  sources: string[];
  sourcesContent?: Array<string | null>;
}

/** The source map webpack inlines at the end of a workflow bundle; none: no sources. */
export function bundleSources(code: string): BundleSources {
  const map = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,(\S+)\s*$/.exec(code);
  if (!map) return { sources: [] };
  const parsed = JSON.parse(Buffer.from(map[1], 'base64').toString('utf8')) as Partial<BundleSources>;
  return { sources: parsed.sources ?? [], sourcesContent: parsed.sourcesContent };
}

/** How workflow code can read whether it replays: by name, through `workflowInfo().unsafe` whole, or from the activator itself. */
const REPLAY_STATE = /isReplaying|\bunsafe\b|__TEMPORAL_ACTIVATOR__|\bgetActivator\b/;

/**
 * Why no path may be predicted with this bundle (../continue/predicted-path.ts): a predicted task
 * replays where a live one would not, and code that reads `isReplaying` may act on the difference.
 * At run time its reads cannot be told from the SDK's own (the sandbox freezes the SDK's modules,
 * and both read the same object), so any module but the SDK's and the tool's observer that names
 * it or the object that holds it (the team's workflows, interceptors, libraries) turns prediction
 * off for the run.
 */
export function predictionRefused(code: string): string | undefined {
  const { sources, sourcesContent } = bundleSources(code);
  if (sources.length === 0) return 'the workflow bundle carries no source map to read';
  for (const [i, source] of sources.entries()) {
    if (source.startsWith('webpack/') || source.includes('/node_modules/@temporalio/')) continue;
    if (resolve(source) === OBSERVER_MODULE) continue;
    const content = sourcesContent?.[i];
    if (typeof content !== 'string') return `${source}: the bundle carries no source to read`;
    // Also isReplayingHistoryEvents, the unsafe object read whole, the activator; a mention in a comment too: refusing costs only time.
    const reads = REPLAY_STATE.exec(content);
    if (reads) return `${source} reads replay state (${reads[0]})`;
  }
  return undefined;
}
