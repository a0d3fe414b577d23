/**
 * The fidelity test of a fault at a step that is not an activity (a child workflow, a local
 * activity), on the travel-booking saga: the tool's rewrite of the happy history equals the history
 * a real server recorded when the same fault happened for real (test/fixtures/travel-booking-faults,
 * recorded by `npm run record:travel-booking`), up to the live workflow task, and the path the
 * tool follows from there to the close equals the real one, event by event.
 */
import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import type { FaultKind } from '../../src/faults/fault';
import { EventType, type HistoryEvent } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { type LoadedHistory } from '../../src/model/history';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenarioBothWays } from './predicted-fidelity';
import { historySteps, type StepKind } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents, realResultsOfUnrecorded } from './fidelity';
import { engineFor } from './session';

export const TRAVEL_HAPPY = 'histories/travel-booking/happy.json';
export const TRAVEL_FAULTS = 'test/fixtures/travel-booking-faults';

/** The happy history as if started as `workflowType` (a buggy variant the worker then runs). */
export function asWorkflowType(history: LoadedHistory, workflowType: string): LoadedHistory {
  const [started, ...rest] = history.events;
  const attributes = { ...started.workflowExecutionStartedEventAttributes, workflowType: { name: workflowType } };
  return {
    ...history,
    workflowType,
    events: [{ ...started, workflowExecutionStartedEventAttributes: attributes }, ...rest],
  };
}

/** Where the recordings are: the real one (default: the fault's name in test/fixtures/travel-booking-faults), the happy one and the workflows (default: travel-booking's). */
export interface FidelityFiles {
  real?: string;
  happy?: string;
  workflows?: string;
}

export function describeStepFidelity(
  fault: FaultKind,
  stepKind: StepKind,
  stepType: string,
  isFaultEvent: (event: HistoryEvent) => boolean,
  files: FidelityFiles = {},
): void {
  const happyFile = files.happy ?? TRAVEL_HAPPY;
  describe(`${fault.name} fidelity: the rewrite of ${happyFile} at ${stepType} equals the real ${fault.name} the dev server recorded`, function () {
    this.timeout(120_000);
    const happy = loadHistoryFile(happyFile);
    const real = loadHistoryFile(files.real ?? `${TRAVEL_FAULTS}/${fault.name}.json`);
    const step = historySteps(happy.events).find(
      (s) => (s.kind ?? 'activity') === stepKind && s.activityType === stepType,
    )!;
    let engine: RunningEngine;
    let observed: Observation;

    before(async () => {
      installQuietRuntime();
      engine = await engineFor(files.workflows ?? 'examples/workflows.ts');
      const scenario = await followScenarioBothWays({ history: happy, step, fault }, engine, {
        decoder: new PayloadDecoder(),
        maxRounds: 50,
        givenResults: realResultsOfUnrecorded(real, happy),
      });
      expect(scenario, JSON.stringify(scenario)).to.not.have.property('notApplicable');
      observed = scenario as Observation;
    });
    after(() => engine?.close());

    it(`the step is of kind ${stepKind}, which the fault applies to`, () => {
      expect(step, `no ${stepKind} ${stepType} step`).to.not.equal(undefined);
      expect(fault.stepKinds ?? ['activity']).to.include(stepKind);
    });

    it('rewritten events = the real history’s events up to the live workflow task after the fault', () => {
      const rewritten = fault.inject(step, happy);
      if (!rewritten.some(isFaultEvent)) {
        // A local activity runs in the worker: the rewrite leaves open the task that runs it, and core writes the marker live.
        expect(rewritten.at(-1)?.eventType).to.equal(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
        expect(
          real.events[rewritten.length + 1] && isFaultEvent(real.events[rewritten.length + 1]),
          'the real fault is written by the task left open',
        ).to.equal(true);
        expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
        return;
      }
      const at = rewritten.findIndex(isFaultEvent);
      expect(at + 1, 'the fault is where the real one is').to.equal(real.events.findIndex(isFaultEvent) + 1);
      expect(rewritten.slice(at + 1).map((e) => e.eventType)).to.deep.equal(
        rewritten.length === at + 1
          ? []
          : [EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED].slice(
              0,
              rewritten.length - at - 1,
            ),
      );
      expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
    });

    it('the path the tool followed to the close = the real history, event by event', () => {
      expect(observed.error, observed.error?.message).to.equal(undefined);
      expect(observed.invented, 'every result known').to.equal(undefined);
      expectSameEvents(observed.path!, real.events);
      expect(observed.openAtClose).to.equal(undefined);
    });
  });
}
