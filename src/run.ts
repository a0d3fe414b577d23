import { existsSync } from 'node:fs';
import type { Scenario } from './model/scenario';
import { lazyEngine, startCommandEngine, startEngine, type LazyEngine } from './continue/engine';
import { workerOptionsProblem } from './live/worker-options';
import { followAll } from './stages/follow-all';
import { replayRecorded } from './stages/replay-recorded';
import { IncrementalRun } from './incremental/incremental';
import { faultKind, selectedFaultNames } from './faults/registry';
import { hitsStepKind } from './faults/fault';
import { SignalCatalogue } from './faults/signal';
import { HistoryJudge, withOwnGoldens, type JudgedScenario } from './judge/history-result';
import type { HistoryResult, RunResult } from './model/results';
import { summarize } from './judge/results';
import { loadHistories } from './load/load';
import { notClosed, unreadLocalActivity } from './load/validate';
import type { LoadedHistory } from './model/history';
import { decodeHistories, payloadConverterPathOf } from './load/codec';
import { payloadConverter } from './load/payload-converter';
import type { Problem } from './model/problem';
import { bundleWithObserver } from './replay/bundle';
import { historySteps } from './steps/steps';
import { specsFor } from './laws/spec';
import { cutShard } from './report/shard';
import { emptyWork, mergeWork, shardWeight } from './report/shard-work';
import type { FaultReplayOptions, QualifiedOptions } from './model/options';
import type { SagaSpec } from './laws/spec';
import { bundleApart, processOptions, qualify } from './qualify';

export type { FaultReplayOptions } from './model/options';
export type { Scenario } from './model/scenario';
export { followScenario } from './continue/follow';
export type { ScenarioResult, HistoryResult, RunResult } from './model/results';
export { payloadConverter };

export interface Plan {
  histories: LoadedHistory[];
  scenarios: Scenario[];
  problems: Problem[];
  /** The fault kinds in the run's order: those named (`all` expanded) or the defaults, with a `signal:<name>` for each signal the histories record. */
  faultNames: string[];
}

/** Stage 1: load the histories and list every (history, step, fault) scenario, without replaying anything. */
export function planFaultReplay(
  options: Pick<
    FaultReplayOptions,
    'histories' | 'faults' | 'signals' | 'payloadConverterPath' | 'dataConverterPath' | 'maxHistoryMib'
  >,
): Plan {
  const converter = payloadConverter(payloadConverterPathOf(options));
  const loaded = loadHistories(options.histories, {
    payloadConverter: converter,
    encoded: Boolean(options.dataConverterPath),
    maxHistoryMib: options.maxHistoryMib,
  });
  const { histories } = loaded;
  const problems = loaded.problems.map((problem) => problem.problem);
  const signals = new SignalCatalogue(histories, options.signals, converter);
  const faultNames = selectedFaultNames(options.faults, signals);
  const faults = faultNames.map((name) => faultKind(name, signals));
  const named = new Set(options.faults);
  const scenarios = histories.flatMap((history) => {
    const open = notClosed(history.events);
    if (open) problems.push({ kind: 'input', file: history.file, message: open });
    const unread = unreadLocalActivity(history.events);
    if (unread) problems.push({ kind: 'input', file: history.file, ...unread });
    const steps = open ? [] : historySteps(history.events);
    if (steps.length === 0 && !open) {
      problems.push({
        kind: 'no-fault-point',
        file: history.file,
        message:
          'no fault point: the history has no step (no activity, child workflow, local activity, timer or wait; it is still replayed as recorded)',
      });
    }
    // A kind that hits no kind of step this history has is left out (no column of `-`); at a step of another kind it is `-`, with the reason.
    // So is a signal another workflow type records, unless named: it would be `-` at every step.
    const hitting = faults.filter(
      (fault) =>
        steps.some((step) => hitsStepKind(fault, step)) &&
        (named.has(fault.name) || signals.knows(fault.name, history.workflowType)),
    );
    return steps.flatMap((step) => hitting.map((fault) => ({ history, step, fault })));
  });
  return { histories, scenarios, problems, faultNames };
}

/**
 * The engine that runs every workflow task: the team's worker command, or the built-in worker on
 * the team's bundle (bundled once, and only when a scenario must run, with --incremental).
 */
async function engineOf(
  options: QualifiedOptions,
  scenarios: number,
  shared: SharedParts,
): Promise<{ engine: LazyEngine; cache?: IncrementalRun }> {
  const engineOptions = { ...engineOptionsOf(options), signal: options.signal };
  const { workerCommand, workflowsPath } = options;
  if (workerCommand) return { engine: lazyEngine(() => startCommandEngine(workerCommand, engineOptions)) };
  let bundling: ReturnType<typeof bundleWithObserver> | undefined = shared.bundle;
  const bundle = () =>
    (bundling ??= bundleWithObserver(
      { ...options, workflowsPath: workflowsPath! },
      { apart: bundleApart(options, scenarios) },
    ));
  const cache = options.incrementalPath
    ? await IncrementalRun.open(options.incrementalPath, options, bundle)
    : await bundle().then(() => undefined);
  return { engine: shared.engine ?? lazyEngine(async () => startEngine(await bundle(), engineOptions)), cache };
}

/** What the engine's processes are started with: two runs with the same may share one engine. */
export function engineOptionsOf(options: QualifiedOptions) {
  const coverage = Boolean(options.narrowKeys && options.incrementalPath);
  return { ...processOptions(options), cachedRuns: 2 * options.scenariosInFlight, ...(coverage ? { coverage } : {}) };
}

/** What a face that runs many checks of the same code keeps between them: the distributed worker bundles its workflows once. */
export interface SharedParts {
  /** The workflows bundled with the observer, from the same options. */
  bundle?: ReturnType<typeof bundleWithObserver>;
  /**
   * An engine on that bundle, started with engineOptionsOf the same options, that the face keeps
   * between runs: a run does not close it, and kills it only when stopped (the face then starts another).
   */
  engine?: LazyEngine;
}

/**
 * The engine under every face: plan (or take the face's plan of the same options), replay the
 * recorded histories, follow each fault to the close, judge.
 */
export async function runFaultReplay(
  given: FaultReplayOptions,
  planned?: Plan,
  shared: SharedParts = {},
): Promise<RunResult & Required<Pick<RunResult, 'faults'>>> {
  const options = qualify(given);
  const refused = workerOptionsProblem(options);
  if (refused) throw new Error(refused);
  if (options.goldenDir && !options.update && !existsSync(options.goldenDir)) {
    throw new Error(`--golden-dir ${options.goldenDir}: no such folder (give --update to create it)`);
  }
  const plan = planned ?? planFaultReplay(options);
  const cut = options.shard && cutShard(plan.scenarios, options.shard, shardWeight(options.shardWeights));
  const scenarios = cut ? cut.scenarios : plan.scenarios;
  options.hooks?.runPlanned?.({ scenarios: scenarios.length, histories: plan.histories.length });
  const problems = [...plan.problems];
  const histories = withOwnGoldens(
    await decodeHistories(plan.histories, options.dataConverterPath, problems),
    options.goldenDir,
    problems,
  );
  const { engine, cache } = await engineOf(options, scenarios.length, shared);
  const work = emptyWork();
  const stop = () => engine.kill();
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  try {
    const replayed = await replayRecorded(
      histories,
      engine,
      options.workerCommand ? undefined : options.workflowsPath,
      problems,
      cache,
    );
    const specs = options.laws ? specsFor(histories, options.specPath, problems) : new Map<string, SagaSpec>();
    const judges = new Map<LoadedHistory, HistoryJudge>();
    const judgeOf = (history: LoadedHistory) => {
      let judge = judges.get(history);
      if (!judge) {
        judge = new HistoryJudge(history, {
          goldenDir: options.goldenDir,
          update: options.update,
          spec: specs.get(history.file),
          goldens: options.goldens,
        });
        judges.set(history, judge);
      }
      return judge;
    };
    const judged = new Map<LoadedHistory, HistoryResult>();
    const finish = (history: LoadedHistory, scenarios: JudgedScenario[]) => {
      // Never write goldens from a run cut short: its scenarios are judged against the old ones.
      const result = judgeOf(history).finish(
        replayed.get(history)!,
        scenarios,
        options.update && !options.signal?.aborted,
      );
      judges.delete(history);
      for (const scenario of result.scenarios) options.hooks?.scenarioJudged?.(result, scenario);
      judged.set(history, result);
    };
    await followAll(
      scenarios.filter((s) => replayed.has(s.history)),
      engine,
      options,
      judgeOf,
      finish,
      cache,
      work,
    );
    for (const history of replayed.keys()) if (!judged.has(history)) finish(history, []);
    if (cache && !options.signal?.aborted) cache.write();
    const notes = (await cache?.notes()) ?? [];
    return {
      ...summarize(
        [...replayed.keys()].map((history) => judged.get(history)!),
        problems,
        !options.signal?.aborted,
      ),
      faults: plan.faultNames,
      work: mergeWork([work]),
      ...(cut ? { shardPlan: cut.plan } : {}),
      ...(notes.length ? { notes } : {}),
    };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    if (options.signal?.aborted) engine.kill();
    else if (engine !== shared.engine) await engine.close();
  }
}
