import { expect } from 'chai';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { activityFailed } from '../../src/faults/activity-failed';
import { HistoryEvent } from '../../src/history/events';
import { loadHistoryFile, LoadedHistory } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';
import { PayloadDecoder, failureChain } from '../../src/replay/decode';
import { ReplaySession } from '../../src/replay/session';
import { followScenario } from '../../src/run';
import type { Observation } from '../../src/judge/observation';
import { installQuietRuntime } from '../../src/util/quiet';
import { exampleReplaySession } from '../support/session';
import { PROVISIONING_STEPS } from '../../examples/tenant-provisioning/types';

const CORPUS = 'histories/tenant-provisioning';

/**
 * What differs between two runs of the same code on the same input: ids the server or worker made
 * up (task ids, run ids, request ids, task queue names with a pid in them), times, identities, the
 * bundle's build id, the history size, and stack traces (paths of the recording machine).
 */
const SET_ASIDE = new Set(['eventTime', 'taskId', 'identity', 'requestId', 'historySizeBytes', 'buildId', 'originalExecutionRunId', 'firstExecutionRunId', 'workflowId', 'stackTrace', 'name', 'normalName']);

function normalized(events: HistoryEvent[]): unknown[] {
  const json = JSON.parse(historyToJSON({ events })).events as unknown[];
  return JSON.parse(JSON.stringify(json, (key, value) => {
    if (SET_ASIDE.has(key) && typeof value === 'string') return '<set aside>';
    if (key === 'coreUsedFlags') return [...value].sort(); // a set: core writes it in any order
    return value;
  }));
}

/** What the real failure history shows the workflow doing after the failure: the same shape the engine observes. */
function realPath(real: LoadedHistory, failedAt: number, decoder: PayloadDecoder): Pick<Observation, 'commands' | 'close'> {
  const after = real.events.slice(failedAt);
  const commands = after
    .filter((e) => e.activityTaskScheduledEventAttributes)
    .map((e) => ({ activity: e.activityTaskScheduledEventAttributes!.activityType!.name!, args: decoder.values(e.activityTaskScheduledEventAttributes!.input?.payloads) }));
  const failed = after.find((e) => e.workflowExecutionFailedEventAttributes)!;
  return { commands, close: { status: 'failed', failure: failureChain(failed.workflowExecutionFailedEventAttributes!.failure) } };
}

describe('activity-failed fidelity: a rewrite of the happy history equals the real failure the server recorded', function () {
  this.timeout(60_000);
  const happy = loadHistoryFile(`${CORPUS}/happy.json`);
  const steps = activitySteps(happy.events);
  let session: ReplaySession;

  before(async () => {
    installQuietRuntime();
    session = await exampleReplaySession();
  });
  after(() => session?.close());

  it('the happy history has the six forward steps', () => {
    expect(steps.map((s) => s.activityType)).to.deep.equal(PROVISIONING_STEPS);
  });

  PROVISIONING_STEPS.forEach((activityType, index) => {
    describe(`step ${index + 1} ${activityType}`, () => {
      const real = loadHistoryFile(`${CORPUS}/real-failure-${activityType}.json`);
      const rewritten = activityFailed.inject(steps[index], happy);

      it('rewritten events = the real history’s events up to the workflow task after the failure', () => {
        expect(rewritten.at(-1)!.workflowTaskCompletedEventAttributes, 'ends with a completed workflow task').to.exist;
        const realPrefix = real.events.slice(0, rewritten.length);
        expect(normalized(rewritten)).to.deep.equal(normalized(realPrefix));
      });

      it('both lead to the same rollback commands and the same close', async () => {
        const decoder = new PayloadDecoder();
        const observed = await followScenario({ history: happy, step: steps[index], fault: activityFailed }, session, decoder, 50);
        const failedAt = real.events.findIndex((e) => e.activityTaskFailedEventAttributes) + 1;
        expect('commands' in observed && observed.error).to.equal(undefined);
        const { commands, close } = observed as Observation;
        expect({ commands, close }).to.deep.equal(realPath(real, failedAt, decoder));
        expect(commands.at(-1)).to.deep.include({ activity: 'markTenantFailed' });
      });
    });
  });
});
