/**
 * Replay vs live, per scenario: the same fault (activity-failed at step k of the 10-step saga) run
 * for real on a warm dev server (server and worker started once, one workflow per scenario, waited
 * to its failed close) and followed by the tool (engine started once, the scenario followed to its
 * close and proved by a replay). Medians over every step, alternated. Target: replay ≥ 50× faster.
 */
import { performance } from 'node:perf_hooks';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { startServer } from '../../src/server/environment';
import { bundleWithObserver, bundleWorkflows } from '../../src/replay/bundle';
import { startEngine } from '../../src/continue/engine';
import { followScenario, planFaultReplay } from '../../src/run';
import { PayloadDecoder } from '../../src/replay/decode';
import * as sagaActivities from '../../examples/n-step-saga/activities';
import { processOptions } from '../../src/qualify';

const WORKFLOWS = 'examples/n-step-saga/workflows.ts';
const STEPS = 10;
const ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 3);

/** The saga's activities, with step k failing for good in the workflow whose id ends in `-fail-k`. */
const activities = {
  ...sagaActivities,
  async step(i: number): Promise<number> {
    const failAt = Number(/-fail-(\d+)$/.exec(Context.current().info.workflowExecution?.workflowId ?? '')?.[1]);
    if (i === failAt) throw ApplicationFailure.nonRetryable(`step ${i} failed`, 'InjectedFailure');
    return sagaActivities.step(i);
  },
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function liveLines(): Promise<string[]> {
  const env = await startServer('dev');
  // As a check sizes it: at least the scenarios in flight (fewer would evict runs and replay them again).
  const engine = await startEngine(await bundleWithObserver({ workflowsPath: WORKFLOWS }), {
    ...processOptions(),
    cachedRuns: 2 * STEPS,
  });
  const taskQueue = `bench-live-${process.pid}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflows({ workflowsPath: WORKFLOWS }),
    activities,
  });
  const plan = planFaultReplay({
    histories: [`histories/n-step-saga/steps-${STEPS}.json`],
    faults: ['activity-failed'],
  });
  const decoder = new PayloadDecoder();
  const live: number[] = [];
  const replay: number[] = [];
  const together = { live: 0, replay: 0, scenarios: 0 };
  let run = 0;
  const runLive = async (k: number) => {
    const handle = await env.client.workflow.start('stepsSaga', {
      taskQueue,
      workflowId: `bench-live-${run++}-fail-${k}`,
      args: [{ steps: STEPS }],
    });
    if (
      await handle.result().then(
        () => true,
        () => false,
      )
    )
      throw new Error(`live run with step ${k} failing completed`);
  };
  const runReplay = async (scenario: (typeof plan.scenarios)[number]) => {
    const observed = await followScenario(scenario, engine, { decoder, maxRounds: 100 });
    if (!('close' in observed) || observed.close?.status !== 'failed')
      throw new Error(`followed scenario at step ${scenario.step.index} did not close failed`);
  };
  try {
    await worker.runUntil(async () => {
      for (let round = 0; round <= ROUNDS; round++) {
        const warm = round > 0; // round 0 warms both up
        for (const scenario of plan.scenarios) {
          const liveMs = await timed(() => runLive(scenario.step.index));
          const replayMs = await timed(() => runReplay(scenario));
          if (warm) {
            live.push(liveMs);
            replay.push(replayMs);
          }
        }
        // All of the saga's scenarios at once, as a check runs them (and as a live test suite could).
        const liveAll = await timed(() => Promise.all(plan.scenarios.map((s) => runLive(s.step.index))));
        const replayAll = await timed(() => Promise.all(plan.scenarios.map(runReplay)));
        if (warm) {
          together.live += liveAll;
          together.replay += replayAll;
          together.scenarios += plan.scenarios.length;
        }
      }
    });
  } finally {
    await engine.close();
    await env.teardown();
  }
  const [liveMedian, replayMedian] = [median(live), median(replay)];
  return [
    `  live on a warm dev server   ${liveMedian.toFixed(1).padStart(7)} ms per scenario (median of ${live.length})`,
    `  followed by the tool        ${replayMedian.toFixed(1).padStart(7)} ms per scenario`,
    `  replay vs live, one at a time ${(liveMedian / replayMedian).toFixed(1).padStart(5)}×   (target ≥ 50×)`,
    `  all ${STEPS} at once: live ${(together.live / together.scenarios).toFixed(1)} ms, tool ${(together.replay / together.scenarios).toFixed(1)} ms per scenario: ${(together.live / together.replay).toFixed(1)}×`,
  ];
}
