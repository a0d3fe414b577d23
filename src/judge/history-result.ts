import type { Scenario, ScenarioObservation } from '../continue/follow';
import type { LoadedHistory } from '../load/load';
import { findEntry, GoldenFile, goldenPathFor, readGolden, writeGolden } from './golden';
import { expectationOf, Outcome } from './judge';
import type { HistoryResult, ScenarioResult } from './results';
import { goldenUpdate, recordable, staleEntries } from './golden-update';
import { judgeScenario, Judges } from './both-judges';
import { SagaSpec, specPathBeside } from '../laws/spec';
import { historySteps } from '../steps/steps';
import { FAULT_KINDS, NESTED_KINDS } from '../faults/registry';
import { kindOfLabel, ordinalOfLabel } from '../faults/nested';

export interface JudgeOptions {
  goldenDir?: string;
  update?: boolean;
  /** The saga spec of this history's workflow type: its laws judge every scenario. */
  spec?: SagaSpec;
  /** False: golden files are neither read nor written (spec --infer). */
  goldens?: boolean;
}

/** Judges one history's scenarios against its golden file (written first under --update). */
export function judgeHistory(
  history: LoadedHistory,
  replay: HistoryResult['replay'],
  followed: Array<{ scenario: Scenario; observed: ScenarioObservation }>,
  options: JudgeOptions,
): HistoryResult {
  const goldenPath = goldenPathFor(history.file, options.goldenDir);
  const steps = historySteps(history.events);
  const previous = options.goldens === false ? undefined : options.update ? previousGolden(goldenPath, history) : readGolden(goldenPath, history);
  const stale = staleEntries(previous, steps);
  let golden = options.update ? undefined : previous;
  let update: HistoryResult['update'];
  if (options.update && options.goldens !== false) {
    golden = goldenOf(history, followed, previous, stale);
    update = goldenUpdate(previous, golden, followed, stale);
    writeGolden(goldenPath, golden);
  }
  const judges: Judges = { golden: golden !== undefined, spec: options.spec, steps, events: history.events };
  // A history with no scenario (no fault point) has nothing to judge: its own problem line says so.
  const neither = !judges.golden && !judges.spec && options.goldens !== false && judges.steps.length > 0;
  return {
    file: history.file,
    workflowType: history.workflowType,
    workflowId: history.workflowId,
    runId: history.runId,
    golden: goldenPath,
    ...(options.spec ? { spec: options.spec.file } : {}),
    ...(neither ? { problem: neitherProblem(history, goldenPath) } : {}),
    replay,
    scenarios: followed.map(({ scenario, observed }) => scenarioResult(scenario, observed, golden, judges)),
    ...(stale.length && !update ? { stale } : {}),
    ...(update ? { update } : {}),
  };
}

/**
 * The new golden file: what each scenario observed, except a scenario that crashed, hung or could
 * not run (its old entry, if any, stays: it remains a finding); entries of scenarios this run did
 * not follow (other --faults) stay; stale entries go.
 */
function goldenOf(
  history: LoadedHistory,
  followed: Array<{ scenario: Scenario; observed: ScenarioObservation }>,
  previous: GoldenFile | undefined,
  stale: Array<{ step: number; activityType: string; fault: string }>,
): GoldenFile {
  const key = (e: { step: number; activityType: string; fault: string }) => `${e.step} ${e.activityType} ${e.fault}`;
  const followedKeys = new Set(followed.map(({ scenario: { step, fault } }) => key({ step: step.index, activityType: step.activityType, fault: fault.name })));
  const staleKeys = new Set(stale.map(key));
  const observedEntries = followed.flatMap(({ scenario: { step, fault }, observed }) => {
    const entryKey = { step: step.index, activityType: step.activityType, fault: fault.name };
    if (!recordable(observed)) {
      const old = findEntry(previous, step.index, step.activityType, fault.name);
      return old ? [old] : [];
    }
    return [{ ...entryKey, ...('notApplicable' in observed ? { tasks: [], notApplicable: observed.notApplicable } : expectationOf(observed)) }];
  });
  const kept = (previous?.scenarios ?? []).filter((e) => !followedKeys.has(key(e)) && !staleKeys.has(key(e)));
  return {
    history: history.file.replace(/^.*[/\\]/, ''),
    workflowType: history.workflowType,
    ...(history.workflowIdRecorded ? { workflowId: history.workflowId } : {}),
    // In the order a run plans them, however the file was updated (all at once, or one --faults at a time).
    scenarios: [...observedEntries, ...kept].sort((a, b) => a.step - b.step || faultRank(a.fault) - faultRank(b.fault) || ordinalOfLabel(a.fault) - ordinalOfLabel(b.fault) || a.fault.localeCompare(b.fault)),
  };
}

/** A kind's column: the registry's order, the nested kinds, then every `signal:<name>` (by name). */
function faultRank(label: string): number {
  const kinds = [...FAULT_KINDS, ...NESTED_KINDS];
  const index = kinds.findIndex((kind) => kind.name === kindOfLabel(label));
  return index >= 0 ? index : kinds.length;
}

/** Under --update a broken or foreign golden file is replaced, not an error. */
function previousGolden(path: string, history: LoadedHistory): GoldenFile | undefined {
  try {
    return readGolden(path, history);
  } catch {
    return undefined;
  }
}

function neitherProblem(history: LoadedHistory, goldenPath: string): string {
  return `${history.file}: not judged: no golden file (${goldenPath}) and no saga spec (${specPathBeside(history.file, history.workflowType)}); write goldens with check --update, or a spec with fault-replay spec --infer (then review and commit)`;
}

function scenarioResult(scenario: Scenario, observed: ScenarioObservation, golden: GoldenFile | undefined, judges: Judges): ScenarioResult {
  const { step, fault } = scenario;
  const expected = findEntry(golden, step.index, step.activityType, fault.name);
  const base = { step: step.index, ...(step.kind && step.kind !== 'activity' ? { stepKind: step.kind } : {}), activityType: step.activityType, activityId: step.activityId, fault: fault.name, expected };
  if ('notApplicable' in observed) return { ...base, outcome: 'not-applicable' as Outcome, detail: observed.notApplicable };
  return { ...base, observed, ...judgeScenario(scenario, observed, expected, judges) };
}

/** Two histories whose golden file would be the same (`x.json` and `x.bin` side by side): the later one is a problem, not checked. */
export function withOwnGoldens<T extends { file: string }>(histories: T[], goldenDir: string | undefined, problems: string[]): T[] {
  const owners = new Map<string, string>();
  return histories.filter((history) => {
    const path = goldenPathFor(history.file, goldenDir);
    const owner = owners.get(path);
    if (owner) problems.push(`${history.file}: would share the golden file ${path} with ${owner}; rename one of them`);
    else owners.set(path, history.file);
    return !owner;
  });
}
