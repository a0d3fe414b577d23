import type { PayloadConverter } from '@temporalio/common';
import { payloadConverter } from '../load/payload-converter';
import { followRemembering, MissBudget } from '../continue/follow-remembering';
import { CoverageCollector } from '../incremental/narrow-keys';
import type { LazyEngine } from '../continue/engine';
import { loadGivenResults } from '../continue/given-results';
import type { HistoryJudge, JudgedScenario } from '../judge/history-result';
import type { IncrementalRun } from '../incremental/incremental';
import type { LoadedHistory } from '../model/history';
import type { QualifiedOptions } from '../model/options';
import type { Scenario } from '../model/scenario';
import { maxRoundsOf } from '../qualify';
import { PayloadDecoder } from '../replay/decode';
import { recordWork, WorkCounter, workUnits, type WorkTable } from '../report/shard-work';

/**
 * Stage 3 of a run (../run.ts): follow every scenario to the workflow's close, a bounded number at a time; judge each as
 * it closes (its path is dropped then unless it is a finding) and hand each history to `finish` as
 * soon as its last scenario closes (results stream; nothing waits for the whole corpus). A stop
 * finishes what each history has so far; the scenarios it cut short are left out. What each
 * scenario's follow cost goes into `work` (a shard split's weights: ../report/shard-work.ts).
 */
export async function followAll(
  scenarios: Scenario[],
  engine: LazyEngine,
  options: QualifiedOptions,
  judgeOf: (history: LoadedHistory) => HistoryJudge,
  finish: (history: LoadedHistory, judged: JudgedScenario[]) => void,
  cache: IncrementalRun | undefined,
  work: WorkTable,
) {
  const converter: PayloadConverter | undefined = payloadConverter(options.payloadConverterPath);
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
  const budget = new MissBudget();
  let next = 0;
  const lane = async () => {
    while (next < scenarios.length && !options.signal?.aborted) {
      const index = next++;
      const scenario = scenarios[index];
      const judge = judgeOf(scenario.history);
      const keys = cache?.keysOf(scenario, judge.judgedBy(scenario.step, scenario.fault.name));
      const known = keys && (await cache!.known(keys));
      const pathKey = cache?.pathKey(scenario);
      if (known && pathKey) cache!.keepPreviousPaths(pathKey);
      // With --narrow-keys, what the scenario's replays ran is gathered (the engine's replays record V8 coverage).
      const covered = !known && keys?.narrow ? new CoverageCollector(await engine.get()) : undefined;
      const counter = known ? undefined : new WorkCounter(covered ?? (await engine.get()));
      const run = known
        ? undefined
        : await followRemembering(
            scenario,
            counter!,
            { ...follow, maxRounds: maxRoundsOf(options, scenario), deadlineMs: options.deadlineMs },
            pathKey && budget.allows(scenario.history.workflowType) ? await cache!.paths(pathKey) : undefined,
          ).catch((err: unknown) => {
            if (options.signal?.aborted) return undefined;
            throw err;
          });
      if (pathKey && run) cache!.keepPaths(pathKey, run.paths);
      // Measured only by a follow wholly live: a predicted one costs less, and whether one is tried depends on timing
      // (MissBudget). A scenario reported from the file, or predicted (its path held), costs what its last live follow did.
      const measured = run && !run.tried && counter!.counts.tasks + counter!.counts.proofs > 0;
      const units = measured ? workUnits(counter!.counts) : undefined;
      const carried = pathKey && (known || run?.predicted || measured) ? cache!.work(pathKey, units) : units;
      if (carried !== undefined) recordWork(work, scenario, carried);
      if (run?.tried) budget.note(scenario.history.workflowType, run.predicted);
      const observed = run?.followed;
      if (!known && !observed) continue;
      options.hooks?.scenarioFollowed?.();
      const group = groups.get(scenario.history)!;
      const judged = known
        ? known.map((result): JudgedScenario => ({
            scenario,
            observed: result.observed ?? { notApplicable: result.detail ?? '' },
            result,
          }))
        : observed!.map((followed) => predictedMark(judge.judge(followed), run!.predicted));
      if (keys && !known)
        await cache!.keep(
          keys,
          judged.map((j) => j.result),
          covered?.executed(),
        );
      group.judged[position[index]] = judged;
      if (--group.left === 0) {
        groups.delete(scenario.history);
        finish(scenario.history, group.judged.flat() as JudgedScenario[]);
      }
    }
  };
  await Promise.all(Array.from({ length: options.scenariosInFlight }, lane));
  for (const [history, group] of groups)
    finish(
      history,
      group.judged.flatMap((j) => j ?? []),
    );
}

/** A result followed along the --incremental file's path (proved by one replay) says so in the reports. */
function predictedMark(judged: JudgedScenario, predicted: boolean): JudgedScenario {
  return predicted && !('notApplicable' in judged.observed)
    ? { ...judged, result: { ...judged.result, predicted: true } }
    : judged;
}
