/**
 * `--narrow-keys` on the committed corpus: what recording coverage costs on a first run, and what a
 * code change in one of its three workflow modules then costs, with and without narrow keys (the
 * other modules' scenarios reported from the file, against every scenario followed along its
 * kept path). The corpus's workflows are a copy under .scratch (the edit must not touch examples/).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { timedCheck } from './incremental';
import { scratchDir } from '../../test/support/scratch';

const HISTORIES = ['histories/tenant-provisioning', 'histories/order-fulfilment', 'histories/travel-booking'];
/** A statement added at the start of the travel-booking saga's workflow function. */
const EDIT = { file: 'travel-booking/workflows.ts', before: '  let aborted: string | undefined;' };

const timed = (workflowsPath: string, incrementalPath: string, narrowKeys: boolean) =>
  timedCheck({ workflowsPath, histories: HISTORIES, incrementalPath, narrowKeys });

export async function narrowLines(): Promise<string[]> {
  const dir = scratchDir('bench-narrow-');
  try {
    cpSync('examples', join(dir, 'examples'), { recursive: true });
    const workflows = join(dir, 'examples', 'workflows.ts');
    const edited = join(dir, 'examples', EDIT.file);
    const original = readFileSync(edited, 'utf8');
    const first = {
      plain: await timed(workflows, join(dir, 'plain.json'), false),
      narrow: await timed(workflows, join(dir, 'narrow.json'), true),
    };
    writeFileSync(edited, original.replace(EDIT.before, `  const started = Date.now(); void started;\n${EDIT.before}`));
    const change = {
      plain: await timed(workflows, join(dir, 'plain.json'), false),
      narrow: await timed(workflows, join(dir, 'narrow.json'), true),
    };
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    // Both: on a loaded machine the wall time of a short run is mostly waiting.
    const ratio = (a: { ms: number; cpuMs: number }, b: { ms: number; cpuMs: number }) =>
      `${(a.ms / b.ms).toFixed(2)}× wall, ${(a.cpuMs / b.cpuMs).toFixed(2)}× CPU`;
    return [
      `  first run (nothing kept): --incremental ${s(first.plain.ms)} wall, ${s(first.plain.cpuMs)} CPU; with --narrow-keys ${s(first.narrow.ms)}, ${s(first.narrow.cpuMs)} CPU: ${ratio(first.narrow, first.plain)} (recording coverage)`,
      `  after an edit in the travel-booking saga: --incremental ${s(change.plain.ms)} wall, ${s(change.plain.cpuMs)} CPU (${change.plain.cached} of ${change.plain.scenarios} from the file, the others predicted or live); with --narrow-keys ${s(change.narrow.ms)}, ${s(change.narrow.cpuMs)} CPU (${change.narrow.cached} from the file): ${ratio(change.narrow, change.plain)}`,
      `  load average ${loadavg()[0].toFixed(1)}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
