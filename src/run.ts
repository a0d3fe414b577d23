import type { PayloadConverter } from '@temporalio/common';
import { existsSync } from 'node:fs';
import type { Scenario } from './model/scenario';
import { followPlanned } from './continue/follow-nested';
import { startEngine, type FollowEngine } from './continue/engine';
import { loadGivenResults } from './continue/results';
import { faultKind, selectedFaultNames } from './faults/registry';
import { hitsStepKind } from './faults/fault';
import { SignalCatalogue } from './faults/signal';
import { HistoryJudge, withOwnGoldens, type JudgedScenario } from './judge/history-result';
import { outcomeOfReplayError } from './model/outcome';
import type { HistoryResult, RunResult } from './model/results';
import { summarize } from './judge/results';
import { loadHistories } from './load/load';
import type { LoadedHistory } from './model/history';
import { decodeHistories, payloadConverterPathOf } from './load/codec';
import type { Problem } from './model/problem';
import { bundleWithObserver } from './replay/bundle';
import { PayloadDecoder } from './replay/decode';
import type { ReplaySession } from './replay/session';
import { liveTask } from './replay/activations';
import { historySteps } from './steps/steps';
import { specsFor } from './laws/spec';
import { loadUserModule } from './util/load-module';
import { scenariosOfShard } from './report/shard';
import type { FaultReplayOptions, QualifiedOptions } from './model/options';
import type { SagaSpec } from './laws/spec';
import { bundleApart, maxRoundsOf, qualify } from './qualify';

export type { FaultReplayOptions } from './model/options';
export type { Scenario } from './model/scenario';
export { followScenario } from './continue/follow';
export type { ScenarioResult, HistoryResult, RunResult } from './model/results';

export interface Plan {
  histories: LoadedHistory[];
  scenarios: Scenario[];
  problems: Problem[];
}

/** Stage 1: load the histories and list every (history, step, fault) scenario, without replaying anything. */
export function planFaultReplay(options: Pick<FaultReplayOptions, 'histories' | 'faults' | 'signals' | 'payloadConverterPath' | 'dataConverterPath'>): Plan {
  const converter = payloadConverter(payloadConverterPathOf(options));
  const loaded = loadHistories(options.histories, { payloadConverter: converter, encoded: Boolean(options.dataConverterPath) });
  const { histories } = loaded;
  const problems = loaded.problems.map((problem) => problem.problem);
  const signals = new SignalCatalogue(histories, options.signals, converter);
  const faults = selectedFaultNames(options.faults, signals).map((name) => faultKind(name, signals));
  const named = new Set(options.faults);
  const scenarios = histories.flatMap((history) => {
    const steps = historySteps(history.events);
    if (steps.length === 0) {
      problems.push({ kind: 'no-fault-point', file: history.file, message: 'no fault point: the history has no step (no activity, child workflow, local activity, timer or wait; it is still replayed as recorded)' });
    }
    // A kind that hits no kind of step this history has is left out (no column of `-`); at a step of another kind it is `-`, with the reason.
    // So is a signal another workflow type records, unless named: it would be `-` at every step.
    const hitting = faults.filter((fault) => steps.some((step) => hitsStepKind(fault, step)) && (named.has(fault.name) || signals.knows(fault.name, history.workflowType)));
    return steps.flatMap((step) => hitting.map((fault) => ({ history, step, fault })));
  });
  return { histories, scenarios, problems };
}

/**
 * The engine under every face: plan (or take the face's plan of the same options), replay the
 * recorded histories, follow each fault to the close, judge.
 */
export async function runFaultReplay(given: FaultReplayOptions, planned?: Plan): Promise<RunResult> {
  const options = qualify(given);
  if (options.goldenDir && !options.update && !existsSync(options.goldenDir)) {
    throw new Error(`--golden-dir ${options.goldenDir}: no such folder (give --update to create it)`);
  }
  const plan = planned ?? planFaultReplay(options);
  const scenarios = options.shard ? scenariosOfShard(plan.scenarios, options.shard) : plan.scenarios;
  options.hooks?.runPlanned?.({ scenarios: scenarios.length, histories: plan.histories.length });
  const problems = [...plan.problems];
  const histories = withOwnGoldens(await decodeHistories(plan.histories, options.dataConverterPath, problems), options.goldenDir, problems);
  const bundle = await bundleWithObserver(options, { apart: bundleApart(options, scenarios.length) });
  const engine = await startEngine(bundle, { ...options, cachedRuns: 2 * options.scenariosInFlight });
  const stop = () => engine.kill();
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  try {
    const replayed = await replayRecorded(histories, engine.session, options.workflowsPath, problems);
    const specs = options.laws ? specsFor(histories, options.specPath, problems) : new Map<string, SagaSpec>();
    const judges = new Map<LoadedHistory, HistoryJudge>();
    const judgeOf = (history: LoadedHistory) => {
      let judge = judges.get(history);
      if (!judge) {
        judge = new HistoryJudge(history, { goldenDir: options.goldenDir, update: options.update, spec: specs.get(history.file), goldens: options.goldens });
        judges.set(history, judge);
      }
      return judge;
    };
    const judged = new Map<LoadedHistory, HistoryResult>();
    const finish = (history: LoadedHistory, scenarios: JudgedScenario[]) => {
      // Never write goldens from a run cut short: its scenarios are judged against the old ones.
      const result = judgeOf(history).finish(replayed.get(history)!, scenarios, options.update && !options.signal?.aborted);
      judges.delete(history);
      for (const scenario of result.scenarios) options.hooks?.scenarioJudged?.(result, scenario);
      judged.set(history, result);
    };
    await followAll(scenarios.filter((s) => replayed.has(s.history)), engine, options, judgeOf, finish);
    for (const history of replayed.keys()) if (!judged.has(history)) finish(history, []);
    return summarize([...replayed.keys()].map((history) => judged.get(history)!), problems, !options.signal?.aborted);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    if (options.signal?.aborted) engine.kill();
    else await engine.close();
  }
}

/**
 * Stage 2: replay each recorded history as it is. A history whose workflow type the bundle lacks
 * cannot be checked (a problem); one that no longer replays, or whose open last task now fails, is
 * a regression, and its scenarios still run.
 */
async function replayRecorded(histories: LoadedHistory[], session: ReplaySession, workflowsPath: string, problems: Problem[]) {
  const outcomes = await Promise.all(histories.map((history) => session.replay(history.history, history.workflowId).catch(() => undefined)));
  const usable = new Map<LoadedHistory, HistoryResult['replay']>();
  histories.forEach((history, index) => {
    const outcome = outcomes[index];
    const error = outcome?.error;
    if (!outcome) return; // stopped
    if (error && /no such function is exported/.test(error.message)) {
      problems.push({ kind: 'not-exported', file: history.file, message: `workflow type ${history.workflowType} is not exported by ${workflowsPath}` });
    } else if (error && error.kind === 'replay-failed') {
      problems.push({ kind: 'does-not-replay', file: history.file, message: `does not replay: ${error.message}` });
    } else if (error) {
      usable.set(history, { ok: false, outcome: outcomeOfReplayError(error.kind), message: error.message });
    } else {
      // A history captured while running ends with an open task, which the replayer runs live and
      // would let fail silently (replay-notes.md): the observer shows it.
      const crash = liveTask(outcome.events).failure;
      usable.set(history, crash ? { ok: false, outcome: 'workflow-task-failed', message: `its open workflow task fails with today's code: ${crash}` } : { ok: true });
    }
  });
  return usable;
}

/**
 * Stage 3: follow every scenario to the workflow's close, a bounded number at a time; judge each as
 * it closes (its path is dropped then unless it is a finding) and hand each history to `finish` as
 * soon as its last scenario closes (results stream; nothing waits for the whole corpus). A stop
 * finishes what each history has so far; the scenarios it cut short are left out.
 */
async function followAll(
  scenarios: Scenario[],
  engine: FollowEngine,
  options: QualifiedOptions,
  judgeOf: (history: LoadedHistory) => HistoryJudge,
  finish: (history: LoadedHistory, judged: JudgedScenario[]) => void,
) {
  const converter = payloadConverter(options.payloadConverterPath);
  const follow = {
    decoder: new PayloadDecoder(converter),
    converter,
    givenResults: options.resultsPath ? loadGivenResults(options.resultsPath) : undefined,
    strictAnswers: options.strictAnswers,
  };
  // A planned scenario may become several (nested:<fault>, one per compensation): each keeps its planned position.
  const groups = new Map<LoadedHistory, { left: number; judged: Array<JudgedScenario[] | undefined> }>();
  const position = scenarios.map((scenario) => {
    const group = groups.get(scenario.history) ?? { left: 0, judged: [] };
    groups.set(scenario.history, group);
    return group.left++;
  });
  let next = 0;
  const lane = async () => {
    while (next < scenarios.length && !options.signal?.aborted) {
      const index = next++;
      const scenario = scenarios[index];
      const observed = await followPlanned(scenario, engine, { ...follow, maxRounds: maxRoundsOf(options, scenario) }).catch((err: unknown) => {
        if (options.signal?.aborted) return undefined;
        throw err;
      });
      if (!observed) continue;
      options.hooks?.scenarioFollowed?.();
      const group = groups.get(scenario.history)!;
      group.judged[position[index]] = observed.map((followed) => judgeOf(scenario.history).judge(followed));
      if (--group.left === 0) {
        groups.delete(scenario.history);
        finish(scenario.history, group.judged.flat() as JudgedScenario[]);
      }
    }
  };
  await Promise.all(Array.from({ length: options.scenariosInFlight }, lane));
  for (const [history, group] of groups) finish(history, group.judged.flatMap((j) => j ?? []));
}

/** The team's payload converter module (`--payload-converter`), loaded once. */
export function payloadConverter(path: string | undefined): PayloadConverter | undefined {
  if (!path) return undefined;
  const converter = loadUserModule(path, 'payload converter').payloadConverter as PayloadConverter | undefined;
  if (!converter) throw new Error(`payload converter module ${path} exports no payloadConverter`);
  return converter;
}
