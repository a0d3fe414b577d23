import type { FaultKind } from '../faults/fault';
import type { LoadedHistory } from './history';
import type { Observation } from './observation';
import type { ActivityStep } from '../steps/steps';

/** One (history, step, fault) of the matrix. */
export interface Scenario {
  history: LoadedHistory;
  step: ActivityStep;
  fault: FaultKind;
}

export type ScenarioObservation = Observation | { notApplicable: string };
