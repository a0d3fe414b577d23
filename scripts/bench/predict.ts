/**
 * Predicted paths against the replay floor, side by side in one run on the same engine: each
 * scenario followed live (a task per round, then its proof), then along the path that run kept
 * (src/continue/predicted-path.ts: no live task, the one proof replay checks it), and the SDK's
 * plain replay of every scenario's final path (no observer: the floor a proof cannot go under).
 * Targets: a whole predicted scenario ≤ 1.2× a plain replay of its final path (the corpus); the
 * n-step saga's predicted run ≤ 1.3× its proof floor. Final paths wait on disk, encoded (a
 * 1000-step saga's are ≈ 6 M events), so memory stays that of a check.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './cpu';
import { planFaultReplay } from '../../src/run';
import { problemLine } from '../../src/model/problem';
import { bundleWithObserver, bundleWorkflows } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { ReplaySession } from '../../src/replay/session';
import { startEngine } from '../../src/continue/engine';
import { followRemembering } from '../../src/continue/follow-remembering';
import type { SavedPaths } from '../../src/continue/predicted-path';
import { encodeHistory } from '../../src/history/encoded';
import { processOptions } from '../../src/qualify';
import type { Scenario } from '../../src/model/scenario';

const IN_FLIGHT = 32;

/** Runs `work` on every item, IN_FLIGHT at a time (as a check's lanes do). */
async function lanes<T, R>(items: T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return results;
}

export interface PredictPart {
  label: string;
  workflowsPath: string;
  histories: string[];
  faults?: string[];
  /** Predicted and floor passes, alternated (1 for the long sagas). */
  repetitions: number;
  /** Only every n-th scenario (its ratio to the floor is a scenario's, whatever the sample): the 1000-step saga whole is over an hour. */
  every?: number;
}

export interface PredictMeasure {
  scenarios: number;
  /** Scenarios followed to a close (the others are not applicable). */
  followed: number;
  predicted: number;
  liveMs: number;
  predictedMs: number;
  floorMs: number;
}

interface FinalPath {
  file: string;
  events: number;
  workflowId: string;
}

export async function measurePredict(part: PredictPart): Promise<PredictMeasure> {
  const plan = planFaultReplay({ histories: part.histories, faults: part.faults });
  if (plan.problems.length) throw new Error(`${part.label}: ${problemLine(plan.problems[0])}`);
  const every = part.every ?? 1;
  const scenarios = plan.scenarios.filter((s, i) => !s.fault.nested && (i + 1) % every === 0);
  const engine = await startEngine(await bundleWithObserver({ workflowsPath: part.workflowsPath }), {
    ...processOptions(),
    cachedRuns: 2 * IN_FLIGHT,
  });
  const bare = new ReplaySession(await bundleWorkflows({ workflowsPath: part.workflowsPath }), processOptions());
  const options = { decoder: new PayloadDecoder(), maxRounds: 5000, deadlineMs: processOptions().deadlineMs };
  const dir = mkdtempSync(join(tmpdir(), 'bench-predict-'));
  try {
    const kept = new Map<Scenario, SavedPaths>();
    const paths: FinalPath[] = [];
    const live = await timed(() =>
      lanes(scenarios, async (s, index) => {
        const run = await followRemembering(s, engine, options, undefined);
        kept.set(s, run.paths);
        for (const [n, { observed }] of run.followed.entries()) {
          if (!('path' in observed) || !observed.path) continue;
          const file = join(dir, `${index}-${n}.bin`);
          writeFileSync(file, encodeHistory(observed.path));
          paths.push({ file, events: observed.path.length, workflowId: s.history.workflowId });
        }
      }),
    );
    const replayAll = (some = paths) =>
      lanes(some, (p) => bare.replayEncoded(readFileSync(p.file), p.events, p.workflowId));
    await replayAll(paths.slice(0, 2 * IN_FLIGHT)); // warm-up: a replay process's first replays are slower
    const measure: PredictMeasure = {
      scenarios: scenarios.length,
      followed: paths.length,
      predicted: 0,
      liveMs: live.ms,
      predictedMs: 0,
      floorMs: 0,
    };
    // Alternated, so that drift in the machine's speed falls on both alike.
    for (let i = 0; i < part.repetitions; i++) {
      const predicted = await timed(() =>
        lanes(scenarios, async (s) => (await followRemembering(s, engine, options, kept.get(s))).predicted),
      );
      measure.predictedMs += predicted.ms / part.repetitions;
      measure.predicted = predicted.value.filter(Boolean).length;
      measure.floorMs += (await timed(() => replayAll())).ms / part.repetitions;
    }
    return measure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([engine.close(), bare.close()]);
  }
}

export function predictLines(part: PredictPart, m: PredictMeasure, target: number): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    `  ${part.label}: ${m.scenarios} scenarios, ${m.followed} followed to a close, ${m.predicted} of them predicted${m.predicted < m.followed ? ' (the rest run local activities)' : ''}`,
    `    followed live, task by task    ${s(m.liveMs)}   (${(m.liveMs / m.floorMs).toFixed(2)}× the floor; the first pass, engine cold)`,
    `    predicted, one replay each     ${s(m.predictedMs)}   (${(m.predictedMs / m.floorMs).toFixed(2)}× the floor, target ≤ ${target.toFixed(2)}×)`,
    `    plain replay of every path     ${s(m.floorMs)}   (the SDK's replayer, no observer: the floor)`,
  ];
}
