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
import { expectSameEvents, realResultsOfUnrecorded } from '../support/fidelity';
import { PYTHON_CORPUS, PYTHON_VARIANTS, VARIANT_FAILING_STEP, pythonWorkerCommand } from '../support/python';

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
 * A failure's `source` names the SDK of the worker that ran the activity (the tool writes the
 * TypeScript SDK's, the Python SDK writes none): no workflow code of either SDK can read it, so it is
 * set aside here, and said in docs/other-sdks.md.
 */
function withoutSource(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  if ('source' in value && 'message' in value) delete (value as { source?: string }).source;
  Object.values(value).forEach(withoutSource);
}

/** The recorder gives each recording a task queue of its own (scripts/record-python.ts): the real history as if run on the happy one's. */
function onQueue(value: unknown, from: string, to: string): void {
  if (!value || typeof value !== 'object') return;
  const queue = (value as { taskQueue?: { name?: string } }).taskQueue;
  if (queue?.name === from) queue.name = to;
  Object.values(value).forEach((inner) => onQueue(inner, from, to));
}

/**
 * The tool's path through the team's own Python worker (--worker-command) equals what the dev
 * server recorded when the same failure happened for real to the same Python code (npm run
 * record:python), event by event: the reference saga at every step, and each planted bug that closes.
 */
describe('Python worker fidelity: a fault followed through --worker-command = the real failure the dev server recorded (slow suite)', function () {
  this.timeout(300_000);
  const happy = loadHistoryFile(`${PYTHON_CORPUS}/happy.json`);
  const steps = activitySteps(happy.events);
  const engines = new Map<string, RunningEngine>();
  const engineOf = async (module?: string) => {
    const key = module ?? '';
    if (!engines.has(key))
      engines.set(
        key,
        await startCommandEngine(pythonWorkerCommand(module), { ...processOptions({ workers: 1 }), cachedRuns: 16 }),
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
    withoutSource((scenario as Observation).path);
    return { observed: scenario as Observation, real };
  }

  PROVISIONING_STEPS.forEach((activityType, index) => {
    it(`the reference saga, activity-failed at step ${index + 1} ${activityType}: the path = real-failure-${activityType}.json`, async () => {
      const { observed, real } = await follow(index, `${PYTHON_CORPUS}/real-failure-${activityType}.json`);
      expect(observed.error, observed.error?.message).to.equal(undefined);
      expect(observed.invented, 'every result known').to.equal(undefined);
      expectSameEvents(observed.path!, real.events);
    });
  });

  // Undos in parallel complete live in whatever order the activities end: the same undos, started by the same tasks, and the same close.
  it(`planted bug parallel_undos, activity-failed at ${VARIANT_FAILING_STEP}: the same undos started together, and the same close, as its live recording`, async () => {
    const { observed, real } = await follow(
      PROVISIONING_STEPS.indexOf(VARIANT_FAILING_STEP),
      `${PYTHON_VARIANTS}/histories/parallel_undos-failure-${VARIANT_FAILING_STEP}.json`,
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
        `${PYTHON_VARIANTS}/histories/${variant}-failure-${VARIANT_FAILING_STEP}.json`,
        variant,
      );
      expect(observed.error, observed.error?.message).to.equal(undefined);
      expectSameEvents(observed.path!, real.events);
    });
  }
});
