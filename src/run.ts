import type { PayloadConverter } from '@temporalio/common';
import { resolve } from 'node:path';
import { followScenario, Scenario, ScenarioObservation } from './continue/follow';
import { FAULT_KINDS, faultKind } from './faults/registry';
import { expectationOf, isRegression, judge, Outcome, OUTCOMES, outcomeOfReplayError, Verdict } from './judge/judge';
import { findEntry, GoldenEntry, GoldenFile, goldenPathFor, readGolden, writeGolden } from './judge/golden';
import type { Observation } from './judge/observation';
import { loadHistories, LoadedHistory } from './load/load';
import { decodeHistories, payloadConverterPathOf } from './load/codec';
import { HistoryProblem } from './load/validate';
import { bundleWithObserver } from './replay/bundle';
import { PayloadDecoder } from './replay/decode';
import { ReplaySession } from './replay/session';
import { activitySteps } from './steps/steps';
import { loadUserModule } from './util/load-module';

export interface FaultReplayOptions {
  /** The workflows module (.ts or .js) as a worker would be given it. */
  workflowsPath: string;
  /** History files or folders. */
  histories: string[];
  /** The team's own workflow interceptor modules: bundled with the workflows, before the observer. */
  interceptorModules?: string[];
  /** A module exporting `payloadConverter`, when the team uses its own (as `dataConverter.payloadConverterPath`). */
  payloadConverterPath?: string;
  /** A module exporting `payloadCodecs` (encryption, compression) and/or `payloadConverter`, as the worker's data converter. */
  dataConverterPath?: string;
  /** Where golden files live; by default beside each history. */
  goldenDir?: string;
  /** Write the observed behaviour as the new golden files. */
  update?: boolean;
  /** Fault kinds to inject (default: all). */
  faults?: string[];
  /** Replays a scenario may take before it is called `stuck`. */
  maxRounds?: number;
}

export type { Scenario } from './continue/follow';
export { followScenario } from './continue/follow';

export interface ScenarioResult extends Verdict {
  step: number;
  activityType: string;
  activityId: string;
  fault: string;
  observed?: Observation;
  expected?: GoldenEntry;
}

export interface HistoryResult {
  file: string;
  workflowType: string;
  workflowId: string;
  runId: string;
  golden: string;
  /** Whether the recorded history itself still replays against today's code. */
  replay: { ok: true } | { ok: false; outcome: Outcome; message: string };
  scenarios: ScenarioResult[];
}

export interface RunResult {
  histories: HistoryResult[];
  /** One line each: a file that could not be used, naming the file and where known the event. */
  problems: string[];
  counts: Record<Outcome, number>;
  /** 0 every scenario as its golden, 1 a regression found, 2 the run could not (fully) happen. */
  exitCode: 0 | 1 | 2;
}

export interface Plan {
  histories: LoadedHistory[];
  scenarios: Scenario[];
  problems: HistoryProblem[];
}

const DEFAULT_MAX_ROUNDS = 50;

/** Loads the histories and lists every (history, step, fault) scenario, without replaying anything. */
export function planFaultReplay(options: Pick<FaultReplayOptions, 'histories' | 'faults'>): Plan {
  const { histories, problems } = loadHistories(options.histories);
  const faults = (options.faults ?? FAULT_KINDS.map((kind) => kind.name)).map(faultKind);
  const scenarios = histories.flatMap((history) =>
    activitySteps(history.events).flatMap((step) => faults.map((fault) => ({ history, step, fault }))),
  );
  return { histories, scenarios, problems };
}

/** The engine under every face: plan, replay each rewrite to the workflow's close, judge, report. */
export async function runFaultReplay(given: FaultReplayOptions): Promise<RunResult> {
  const options = { ...given, payloadConverterPath: payloadConverterPathOf(given) };
  const plan = planFaultReplay(options);
  const problems = plan.problems.map((problem) => problem.message);
  plan.histories = await decodeHistories(plan.histories, options.dataConverterPath, problems);
  const bundle = await bundleWithObserver({
    workflowsPath: options.workflowsPath,
    interceptorModules: options.interceptorModules,
    payloadConverterPath: options.payloadConverterPath,
  });
  const session = new ReplaySession(bundle, replayOptions(options));
  try {
    const usable = await replayRecorded(plan.histories, session, options.workflowsPath, problems);
    const decoder = new PayloadDecoder(payloadConverter(options.payloadConverterPath));
    const scenarios = plan.scenarios.filter((scenario) => usable.has(scenario.history));
    const observations = await Promise.all(
      scenarios.map((scenario) => followScenario(scenario, session, decoder, options.maxRounds ?? DEFAULT_MAX_ROUNDS)),
    );
    const histories = [...usable.entries()].map(([history, replay]) =>
      judgeHistory(history, replay, scenarios, observations, options),
    );
    return summarize(histories, problems);
  } finally {
    await session.close();
  }
}

function replayOptions(options: FaultReplayOptions) {
  return options.payloadConverterPath ? { dataConverter: { payloadConverterPath: resolve(options.payloadConverterPath) } } : {};
}

function payloadConverter(path: string | undefined): PayloadConverter | undefined {
  if (!path) return undefined;
  const converter = loadUserModule(path, 'payload converter').payloadConverter as PayloadConverter | undefined;
  if (!converter) throw new Error(`payload converter module ${path} exports no payloadConverter`);
  return converter;
}

/**
 * Replays each recorded history as it is. A history whose workflow type the bundle lacks cannot be
 * checked (a problem); one that no longer replays is reported, and its scenarios still run.
 */
async function replayRecorded(
  histories: LoadedHistory[],
  session: ReplaySession,
  workflowsPath: string,
  problems: string[],
): Promise<Map<LoadedHistory, HistoryResult['replay']>> {
  const outcomes = await Promise.all(histories.map((history) => session.replay(history.history, history.workflowId)));
  const usable = new Map<LoadedHistory, HistoryResult['replay']>();
  histories.forEach((history, index) => {
    const { error } = outcomes[index];
    if (error && /no such function is exported/.test(error.message)) {
      problems.push(`${history.file}: workflow type ${history.workflowType} is not exported by ${workflowsPath}`);
    } else if (error && error.kind === 'replay-failed') {
      problems.push(`${history.file}: does not replay: ${error.message}`);
    } else {
      usable.set(history, error ? { ok: false, outcome: outcomeOfReplayError(error.kind), message: error.message } : { ok: true });
    }
  });
  return usable;
}

function judgeHistory(
  history: LoadedHistory,
  replay: HistoryResult['replay'],
  scenarios: Scenario[],
  observations: Array<ScenarioObservation>,
  options: FaultReplayOptions,
): HistoryResult {
  const goldenPath = goldenPathFor(history.file, history.name, options.goldenDir);
  const own = scenarios.map((scenario, index) => ({ scenario, observed: observations[index] })).filter((s) => s.scenario.history === history);
  let golden = readGolden(goldenPath);
  if (options.update) {
    golden = goldenOf(history, own);
    writeGolden(goldenPath, golden);
  }
  return {
    file: history.file,
    workflowType: history.workflowType,
    workflowId: history.workflowId,
    runId: history.runId,
    golden: goldenPath,
    replay,
    scenarios: own.map(({ scenario, observed }) => scenarioResult(scenario, observed, golden)),
  };
}

function goldenOf(history: LoadedHistory, own: Array<{ scenario: Scenario; observed: ScenarioObservation }>): GoldenFile {
  return {
    history: history.name + '.json',
    workflowType: history.workflowType,
    scenarios: own.map(({ scenario: { step, fault }, observed }) => ({
      step: step.index,
      activityType: step.activityType,
      fault: fault.name,
      ...('notApplicable' in observed ? { commands: [], notApplicable: observed.notApplicable } : expectationOf(observed)),
    })),
  };
}

function scenarioResult(scenario: Scenario, observed: ScenarioObservation, golden: GoldenFile | undefined): ScenarioResult {
  const { step, fault } = scenario;
  const expected = findEntry(golden, step.index, step.activityType, fault.name);
  const base = { step: step.index, activityType: step.activityType, activityId: step.activityId, fault: fault.name, expected };
  if ('notApplicable' in observed) return { ...base, outcome: 'not-applicable', detail: observed.notApplicable };
  return { ...base, observed, ...judge(observed, expected) };
}

/** Scenarios the tool could not follow are a run that did not fully happen, not a regression. */
function scenarioProblems(histories: HistoryResult[]): string[] {
  return histories.flatMap((history) =>
    history.scenarios
      .filter((s) => s.outcome === 'could-not-run')
      .map((s) => `${history.file}: step ${s.step} ${s.activityType} × ${s.fault}: ${s.detail}`),
  );
}

function summarize(histories: HistoryResult[], loadProblems: string[]): RunResult {
  const problems = [...loadProblems, ...scenarioProblems(histories)];
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const scenario of histories.flatMap((h) => h.scenarios)) counts[scenario.outcome]++;
  const regression = histories.some((h) => h.scenarios.some((s) => isRegression(s.outcome)));
  const exitCode = problems.length > 0 ? 2 : regression ? 1 : 0;
  return { histories, problems: [...problems].sort(), counts, exitCode };
}
