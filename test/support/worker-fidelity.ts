import { expect } from 'chai';
import { activityFailed } from '../../src/faults/activity-failed';
import { startCommandEngine, type RunningEngine } from '../../src/continue/engine';
import type { HistoryEvent } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import type { Observation } from '../../src/model/observation';
import { processOptions } from '../../src/qualify';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { PROVISIONING_STEPS } from '../../examples/tenant-provisioning/types';
import { expectSameEvents, realResultsOfUnrecorded } from './fidelity';
import { VARIANT_FAILING_STEP } from '../../scripts/record-python';

function queueOf(events: HistoryEvent[]): string {
  return events[0].workflowExecutionStartedEventAttributes!.taskQueue!.name!;
}

/** The activities each workflow task started, in order. */
function startedByTask(events: HistoryEvent[]): string[][] {
  const tasks = new Map<string, string[]>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) continue;
    const task = String(scheduled.workflowTaskCompletedEventId);
    tasks.set(task, [...(tasks.get(task) ?? []), scheduled.activityType!.name!]);
  }
  return [...tasks.values()];
}

/**
 * What an activity's failure carries that only names the SDK of the worker that ran it: its
 * `source` (the tool writes the TypeScript SDK's, the Python SDK writes none, Go writes GoSDK) and,
 * for Go, its `stackTrace` (the tool writes one, a Go activity none). No workflow code of these
 * SDKs reads either: set aside on both sides, and said in docs/other-sdks.md.
 */
function withoutSdkMarks(value: unknown, marks: string[]): void {
  if (!value || typeof value !== 'object') return;
  if ('message' in value) for (const mark of marks) delete (value as Record<string, unknown>)[mark];
  Object.values(value).forEach((inner) => withoutSdkMarks(inner, marks));
}

/** The recorder gives each recording a task queue of its own (scripts/record-python.ts, record-go.ts): the real history as if run on the happy one's. */
function onQueue(value: unknown, from: string, to: string): void {
  if (!value || typeof value !== 'object') return;
  const queue = (value as { taskQueue?: { name?: string } }).taskQueue;
  if (queue?.name === from) queue.name = to;
  Object.values(value).forEach((inner) => onQueue(inner, from, to));
}

/** Another SDK's saga as its fidelity suite runs it: its corpus, its planted bugs' recordings, its worker command. */
export interface WorkerSaga {
  /** The SDK's name in the suite's title. */
  sdk: string;
  corpus: string;
  /** The folder whose histories/ holds each planted bug's live recording. */
  variants: string;
  /** The worker command, with a planted bug (a variant's name) or the reference saga. */
  command(variant?: string): string;
  /** The fields of a failure that name the SDK that wrote it (withoutSdkMarks). */
  failureMarks: string[];
  /** What else differs between a live run and the tool's path only by how the SDK writes it, set aside on both sides (e.g. goDifferences). */
  setAside?: (events: HistoryEvent[]) => void;
}

/**
 * The tool's path through the team's own worker in another SDK (--worker-command) equals what the
 * dev server recorded when the same failure happened for real to the same code (the SDK's
 * recorder), event by event: the reference saga at every step, and each planted bug that closes.
 */
export function workerFidelitySuite(saga: WorkerSaga): void {
  describe(`${saga.sdk} worker fidelity: a fault followed through --worker-command = the real failure the dev server recorded (slow suite)`, function () {
    this.timeout(300_000);
    const happy = loadHistoryFile(`${saga.corpus}/happy.json`);
    const steps = activitySteps(happy.events);
    const engines = new Map<string, RunningEngine>();
    const engineOf = async (module?: string) => {
      const key = module ?? '';
      if (!engines.has(key))
        engines.set(
          key,
          await startCommandEngine(saga.command(module), { ...processOptions({ workers: 1 }), cachedRuns: 16 }),
        );
      return engines.get(key)!;
    };
    before(() => installQuietRuntime());
    after(() => Promise.all([...engines.values()].map((engine) => engine.close())));

    async function follow(
      stepIndex: number,
      realFile: string,
      module?: string,
    ): Promise<{ observed: Observation; real: ReturnType<typeof loadHistoryFile> }> {
      const real = loadHistoryFile(realFile);
      onQueue(real.events, queueOf(real.events), queueOf(happy.events));
      // Live only: a --worker-command check is never predicted (the team's worker replays without the tool's observer).
      const scenario = await followScenario(
        { history: happy, step: steps[stepIndex], fault: activityFailed },
        await engineOf(module),
        {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
          givenResults: realResultsOfUnrecorded(real, happy),
        },
      );
      expect(scenario).to.not.have.property('notApplicable');
      withoutSdkMarks((scenario as Observation).path, saga.failureMarks);
      withoutSdkMarks(real.events, saga.failureMarks);
      if (saga.setAside) [(scenario as Observation).path!, real.events].forEach(saga.setAside);
      return { observed: scenario as Observation, real };
    }

    PROVISIONING_STEPS.forEach((activityType, index) => {
      it(`the reference saga, activity-failed at step ${index + 1} ${activityType}: the path = real-failure-${activityType}.json`, async () => {
        const { observed, real } = await follow(index, `${saga.corpus}/real-failure-${activityType}.json`);
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expect(observed.invented, 'every result known').to.equal(undefined);
        expectSameEvents(observed.path!, real.events);
      });
    });

    // Undos in parallel complete live in whatever order the activities end: the same undos, started by the same tasks, and the same close.
    it(`planted bug parallel_undos, activity-failed at ${VARIANT_FAILING_STEP}: the same undos started together, and the same close, as its live recording`, async () => {
      const { observed, real } = await follow(
        PROVISIONING_STEPS.indexOf(VARIANT_FAILING_STEP),
        `${saga.variants}/histories/parallel_undos-failure-${VARIANT_FAILING_STEP}.json`,
        'parallel_undos',
      );
      expect(observed.error, observed.error?.message).to.equal(undefined);
      expect(startedByTask(observed.path!)).to.deep.equal(startedByTask(real.events));
      expect(startedByTask(real.events).at(-2)).to.have.length(3); // three undos in one task
      expect(observed.path!.at(-1)!.eventType).to.equal(real.events.at(-1)!.eventType);
    });

    for (const variant of ['missing_compensation', 'forward_order', 'swallow_error']) {
      it(`planted bug ${variant}, activity-failed at ${VARIANT_FAILING_STEP}: the path = its live recording`, async () => {
        const { observed, real } = await follow(
          PROVISIONING_STEPS.indexOf(VARIANT_FAILING_STEP),
          `${saga.variants}/histories/${variant}-failure-${VARIANT_FAILING_STEP}.json`,
          variant,
        );
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expectSameEvents(observed.path!, real.events);
      });
    }
  });
}
