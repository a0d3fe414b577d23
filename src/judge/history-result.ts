import type { Scenario, ScenarioObservation } from '../model/scenario';
import type { LoadedHistory } from '../model/history';
import type { Problem } from '../model/problem';
import { findEntry, goldenPathFor, readGolden, writeGolden } from './golden';
import { GoldenEntry, GoldenFile } from '../model/golden';
import { expectationOf } from './judge';
import { isRegression, Outcome } from '../model/outcome';
import type { HistoryResult, ScenarioResult, StaleEntry } from '../model/results';
import { goldenUpdate, recordable, staleEntries } from './golden-update';
import { lawsOf, verdictOf, type Judges } from './both-judges';
import type { LawFinding } from '../laws/law';
import { SagaSpec, specPathBeside } from '../laws/spec';
import { historySteps, type ActivityStep } from '../steps/steps';
import { stable } from './render';
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

/** One scenario judged as it closed, before the rest of its history: its path is already dropped unless it is a finding. */
export interface JudgedScenario {
  scenario: Scenario;
  observed: ScenarioObservation;
  /** What --update would record for it (absent: it may not be recorded, or no --update). */
  entry?: GoldenEntry;
  result: ScenarioResult;
  /** Under --update: its result against the old golden file, given instead when the run is cut short (nothing is written then). */
  cutShort?: ScenarioResult;
}

/**
 * Judges one history's scenarios one by one as each closes (the golden file read once), then
 * gives the history's result (writing the golden file first under --update). Judging at the close
 * keeps memory flat on a long history: a followed path (thousands of events) is kept only for a
 * finding, which --repro may write.
 */
export class HistoryJudge {
  private readonly goldenPath: string;
  private readonly steps: ActivityStep[];
  private readonly previous: GoldenFile | undefined;
  private readonly judges: Judges;
  private readonly update: boolean;

  constructor(
    private readonly history: LoadedHistory,
    private readonly options: JudgeOptions,
  ) {
    this.goldenPath = goldenPathFor(history.file, options.goldenDir);
    this.steps = historySteps(history.events);
    this.update = Boolean(options.update) && options.goldens !== false;
    this.previous =
      options.goldens === false
        ? undefined
        : options.update
          ? previousGolden(this.goldenPath, history)
          : readGolden(this.goldenPath, history);
    // Under --update every scenario is judged against the golden file as it will be written.
    this.judges = {
      golden: this.update || this.previous !== undefined,
      spec: options.spec,
      steps: this.steps,
      events: history.events,
    };
  }

  judge({ scenario, observed }: { scenario: Scenario; observed: ScenarioObservation }): JudgedScenario {
    const { step, fault } = scenario;
    const old = findEntry(this.previous, step.index, step.activityType, fault.name);
    const entry = this.update && recordable(observed) ? goldenEntryOf(scenario, observed) : undefined;
    const laws = 'notApplicable' in observed ? undefined : lawsOf(scenario, observed, this.judges);
    const result = resultOf(scenario, observed, entry ?? old, this.judges.golden, laws);
    // A run cut short judges --update's scenarios against the old golden file instead: --repro may need the path then too.
    const cutShort = this.update ? resultOf(scenario, observed, old, this.previous !== undefined, laws) : undefined;
    const finding = [result, cutShort].some((judged) => judged && isRegression(judged.outcome));
    if (!finding && !('notApplicable' in observed)) delete observed.path;
    return { scenario, observed, entry, result, cutShort };
  }

  /** What judges a planned scenario (for `--incremental`'s key): its golden entries (every compensation of a nested kind) and the spec. */
  judgedBy(step: ActivityStep, fault: string): { entries: GoldenEntry[]; spec?: string } {
    const entries = (this.previous?.scenarios ?? []).filter(
      (entry) =>
        entry.step === step.index && entry.activityType === step.activityType && kindOfLabel(entry.fault) === fault,
    );
    return { entries, ...(this.options.spec ? { spec: stable(this.options.spec) } : {}) };
  }

  /** The history's result from its judged scenarios (in planned order); `update: false` for a run cut short judges them against the old golden file and writes nothing. */
  finish(replay: HistoryResult['replay'], judged: JudgedScenario[], update = this.update): HistoryResult {
    const stale = staleEntries(this.previous, this.steps);
    const cutShort = this.update && !update;
    let result: HistoryResult['update'];
    if (this.update && !cutShort) {
      const golden = goldenOf(this.history, judged, this.previous, stale);
      result = goldenUpdate(this.previous, golden, judged, stale);
      writeGolden(this.goldenPath, golden);
    }
    const scenarios = judged.map((j) => (cutShort ? j.cutShort! : j.result));
    // A history with no scenario (no fault point) has nothing to judge: its own problem line says so.
    const golden = cutShort ? this.previous !== undefined : this.judges.golden;
    const neither =
      !golden && !this.judges.spec && this.options.goldens !== false && this.steps.length > 0 && judged.length > 0;
    return {
      file: this.history.file,
      workflowType: this.history.workflowType,
      workflowId: this.history.workflowId,
      runId: this.history.runId,
      golden: this.goldenPath,
      ...(this.options.spec ? { spec: this.options.spec.file } : {}),
      ...(neither ? { problem: neitherProblem(this.history, this.goldenPath) } : {}),
      replay,
      scenarios,
      ...(stale.length && !result ? { stale } : {}),
      ...(result ? { update: result } : {}),
    };
  }
}

/** One scenario's result against one golden entry (judged by the golden file when there is one) and the laws' findings. */
function resultOf(
  { step, fault }: Scenario,
  observed: ScenarioObservation,
  expected: GoldenEntry | undefined,
  golden: boolean,
  laws: LawFinding[] | undefined,
): ScenarioResult {
  const base = {
    step: step.index,
    ...(step.kind && step.kind !== 'activity' ? { stepKind: step.kind } : {}),
    activityType: step.activityType,
    activityId: step.activityId,
    fault: fault.name,
    expected,
  };
  if ('notApplicable' in observed)
    return { ...base, outcome: 'not-applicable' as Outcome, detail: observed.notApplicable };
  return { ...base, observed, ...verdictOf(observed, expected, { golden }, laws) };
}

/** Judges one history's scenarios against its golden file (written first under --update). */
export function judgeHistory(
  history: LoadedHistory,
  replay: HistoryResult['replay'],
  followed: Array<{ scenario: Scenario; observed: ScenarioObservation }>,
  options: JudgeOptions,
): HistoryResult {
  const judge = new HistoryJudge(history, options);
  return judge.finish(
    replay,
    followed.map((f) => judge.judge(f)),
  );
}

/** The golden entry --update writes for a scenario that may be recorded. */
function goldenEntryOf({ step, fault }: Scenario, observed: ScenarioObservation): GoldenEntry {
  const key = { step: step.index, activityType: step.activityType, fault: fault.name };
  return {
    ...key,
    ...('notApplicable' in observed ? { tasks: [], notApplicable: observed.notApplicable } : expectationOf(observed)),
  };
}

/**
 * The new golden file: what each scenario observed, except a scenario that crashed, hung or could
 * not run (its old entry, if any, stays: it remains a finding); entries of scenarios this run did
 * not follow (other --faults) stay; stale entries go.
 */
function goldenOf(
  history: LoadedHistory,
  judged: JudgedScenario[],
  previous: GoldenFile | undefined,
  stale: StaleEntry[],
): GoldenFile {
  const key = (e: { step: number; activityType: string; fault: string }) => `${e.step} ${e.activityType} ${e.fault}`;
  const followedKeys = new Set(
    judged.map(({ scenario: { step, fault } }) =>
      key({ step: step.index, activityType: step.activityType, fault: fault.name }),
    ),
  );
  const staleKeys = new Set(stale.map(key));
  const observedEntries = judged.flatMap(({ scenario: { step, fault }, entry }) => {
    const kept = entry ?? findEntry(previous, step.index, step.activityType, fault.name);
    return kept ? [kept] : [];
  });
  const kept = (previous?.scenarios ?? []).filter((e) => !followedKeys.has(key(e)) && !staleKeys.has(key(e)));
  return {
    history: history.file.replace(/^.*[/\\]/, ''),
    workflowType: history.workflowType,
    ...(history.workflowIdRecorded ? { workflowId: history.workflowId } : {}),
    // In the order a run plans them, however the file was updated (all at once, or one --faults at a time).
    scenarios: [...observedEntries, ...kept].sort(
      (a, b) =>
        a.step - b.step ||
        faultRank(a.fault) - faultRank(b.fault) ||
        ordinalOfLabel(a.fault) - ordinalOfLabel(b.fault) ||
        a.fault.localeCompare(b.fault),
    ),
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

function neitherProblem(history: LoadedHistory, goldenPath: string): Problem {
  return {
    kind: 'not-judged',
    file: history.file,
    message: `not judged: no golden file (${goldenPath}) and no saga spec (${specPathBeside(history.file, history.workflowType)}); write goldens with check --update, or a spec with fault-replay spec --infer (then review and commit)`,
  };
}

/** Two histories whose golden file would be the same (`x.json` and `x.bin` side by side): the later one is a problem, not checked. */
export function withOwnGoldens<T extends { file: string }>(
  histories: T[],
  goldenDir: string | undefined,
  problems: Problem[],
): T[] {
  const owners = new Map<string, string>();
  return histories.filter((history) => {
    const path = goldenPathFor(history.file, goldenDir);
    const owner = owners.get(path);
    if (owner)
      problems.push({
        kind: 'golden',
        file: history.file,
        message: `would share the golden file ${path} with ${owner}; rename one of them`,
      });
    else owners.set(path, history.file);
    return !owner;
  });
}
