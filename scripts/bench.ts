/**
 * npm run bench — speed measured side by side in one run on the example corpus:
 * the bundle, a plain replay of each recorded history, and each fault scenario with its
 * continuation rounds (each a task on the live worker, then one proof replay); then their ratio.
 * Target: one bundle per run, and a scenario round costs no more than 1.3× a plain replay.
 */
import { timed } from './bench/cpu';
import { availableParallelism, loadavg } from 'node:os';
import { planFaultReplay, followScenario } from '../src/run';
import { bundleWithObserver, bundleWorkflows } from '../src/replay/bundle';
import { PayloadDecoder } from '../src/replay/decode';
import { ReplaySession } from '../src/replay/session';
import { startEngine } from '../src/continue/engine';
import { growthLines, measureGrowth, nStepFixture } from './bench/growth';
import { workerLines } from './bench/workers';
import { copiesLines } from './bench/copies';
import { liveLines } from './bench/live';
import { incrementalLines } from './bench/incremental';
import { narrowLines } from './bench/narrow';
import { shardLines } from './bench/shards';
import { distributeLines } from './bench/distribute';
import { busyLoopLines } from './bench/busy-loop';
import { measurePredict, predictLines, type PredictPart } from './bench/predict';
import { installQuietRuntime } from '../src/util/quiet';
import { runScript } from './run-script';
import { processOptions } from '../src/qualify';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const HISTORIES = ['histories/tenant-provisioning'];
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 10);
const CORPUS = ['histories/tenant-provisioning', 'histories/order-fulfilment', 'histories/travel-booking'];

/** The machine's load when a part ends: other work on a shared machine stretches every time. */
function loadLine(): string {
  return `  load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
}

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.env.BENCH_ONLY;
  const wanted = (part: string) => !only || only.split(',').includes(part);
  if (wanted('perround')) await perRound();
  if (wanted('live'))
    console.log(['replay vs live (10-step saga, activity-failed at each step):', ...(await liveLines())].join('\n'));
  if (wanted('workers')) console.log(['corpus with 1 and with 2 workers:', ...(await workerLines())].join('\n'));
  if (wanted('copies'))
    console.log(['copies of the happy history (activity-failed):', ...(await copiesLines())].join('\n'));
  if (wanted('incremental'))
    console.log(['an unchanged corpus with --incremental:', ...(await incrementalLines())].join('\n'));
  if (wanted('narrow'))
    console.log(
      ['a code change in one workflow module with --incremental, and --narrow-keys:', ...(await narrowLines())].join(
        '\n',
      ),
    );
  if (wanted('busy-loop'))
    console.log(
      ['a 4-step saga whose rollback busy-loops, checked with the default fault kinds:', ...busyLoopLines()].join('\n'),
    );
  if (wanted('shards'))
    console.log(
      ['the --distribute shard split, simulated on measured scenario times:', ...(await shardLines())].join('\n'),
    );
  if (wanted('distribute'))
    console.log(
      ['check --distribute with two workers on this machine vs a local check:', ...(await distributeLines())].join(
        '\n',
      ),
    );
  if (wanted('predict')) {
    const lines = ['predicted paths vs the replay floor (the same engine, side by side):'];
    const parts: Array<[PredictPart, number]> = [
      [
        {
          label: 'the corpus',
          workflowsPath: 'examples/workflows.ts',
          histories: CORPUS,
          faults: ['all'],
          repetitions: 2,
        },
        1.2,
      ],
      ...(process.env.BENCH_PREDICT_SIZES ?? '200').split(',').map((n): [PredictPart, number] => [
        {
          label: `the ${n}-step saga${Number(n) > 200 ? ', every 10th fault' : ''}`,
          workflowsPath: 'examples/n-step-saga/workflows.ts',
          histories: [nStepFixture(Number(n))],
          faults: ['activity-failed'],
          repetitions: Number(n) > 200 ? 1 : 2,
          every: Number(n) > 200 ? 10 : 1,
        },
        1.3,
      ]),
    ];
    for (const [part, target] of parts) lines.push(...predictLines(part, await measurePredict(part), target));
    console.log([...lines, loadLine()].join('\n'));
  }
  if (wanted('growth'))
    console.log(
      ['growth (n-step saga, activity-failed at every step):', ...growthLines(await measureGrowth()), loadLine()].join(
        '\n',
      ),
    );
}

/** Per round and per scenario, against a plain replay of the same histories. */
async function perRound(): Promise<void> {
  const plan = planFaultReplay({ histories: HISTORIES });
  const bundle = await timed(() => bundleWithObserver({ workflowsPath: WORKFLOWS }));
  const engine = await startEngine(bundle.value, { ...processOptions(), cachedRuns: 2 * 96 });
  const session = { replay: (history: (typeof plan.histories)[number]) => engine.prove(history.history, history) };
  // Only to show what the observer interceptor costs: the check itself bundles once.
  const bareSession = new ReplaySession(await bundleWorkflows({ workflowsPath: WORKFLOWS }), processOptions());
  const replayBare = () => Promise.all(plan.histories.map((h) => bareSession.replay(h.history, h.workflowId)));
  const decoder = new PayloadDecoder();
  const replayAll = () => Promise.all(plan.histories.map((h) => session.replay(h)));
  const runScenarios = () =>
    Promise.all(plan.scenarios.map((s) => followScenario(s, engine, { decoder, maxRounds: 50 })));

  await replayAll(); // warm-up: the first replays of a worker are slower
  await replayBare();
  await runScenarios();

  let plainMs = 0;
  let plainReplays = 0;
  let plainEvents = 0;
  let scenarioMs = 0;
  let rounds = 0;
  let bareMs = 0;
  let pathEvents = 0;
  for (let i = 0; i < REPETITIONS; i++) {
    // Alternate the two so drift in the machine's speed falls on both alike.
    bareMs += (await timed(replayBare)).ms;
    const plain = await timed(replayAll);
    plainMs += plain.ms;
    plainReplays += plan.histories.length;
    plainEvents += plan.histories.reduce((sum, h) => sum + h.events.length, 0);
    const scenarios = await timed(runScenarios);
    scenarioMs += scenarios.ms;
    for (const observation of scenarios.value) {
      if ('rounds' in observation) rounds += observation.rounds;
      if ('path' in observation) pathEvents += (observation.path?.length ?? 0) / REPETITIONS;
    }
  }
  await Promise.all([engine.close(), bareSession.close()]);
  const roundsPerPass = rounds / REPETITIONS;

  const perPlain = plainMs / plainReplays;
  const perScenario = scenarioMs / (plan.scenarios.length * REPETITIONS);
  const perRound = scenarioMs / rounds;
  const memory = process.memoryUsage();
  const lines = [
    `corpus: ${plan.histories.length} histories, ${plan.scenarios.length} scenarios, ${REPETITIONS} repetitions (after one warm-up)`,
    `bundle (once per run)          ${bundle.ms.toFixed(0)} ms`,
    `plain replay, per history      ${perPlain.toFixed(2)} ms   (${(plainEvents / plainReplays).toFixed(1)} events on average)`,
    `  same, without the observer   ${(bareMs / plainReplays).toFixed(2)} ms   (observer overhead ${((perPlain / (bareMs / plainReplays) - 1) * 100).toFixed(0)}%)`,
    `fault scenario, whole path     ${perScenario.toFixed(2)} ms   (${(rounds / (plan.scenarios.length * REPETITIONS)).toFixed(2)} rounds on average)`,
    `fault scenario, per round      ${perRound.toFixed(2)} ms   (${(pathEvents / roundsPerPass).toFixed(1)} events of final path per round)`,
    `ratio per round / plain replay ${(perRound / perPlain).toFixed(2)}×   (target ≤ 1.30×)`,
    `ratio whole scenario / plain   ${(perScenario / perPlain).toFixed(2)}×`,
    `memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    loadLine(),
  ];
  console.log(lines.join('\n'));
}

runScript('bench', main);
