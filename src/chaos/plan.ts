import type { HistoryEvent } from '../history/events';
import { activitySteps } from '../steps/steps';
import type { ChaosFault } from './faults/fault';

/** An activity step of the happy run: where one live run per fault injects. */
export interface ChaosStep {
  index: number;
  activityType: string;
  /** The nth activity of this type in the run (what the interceptor matches on). */
  occurrence: number;
}

export interface ChaosScenario {
  step: ChaosStep;
  fault: ChaosFault;
}

/** The happy run's activity steps, optionally only those named (`2`, `createTenantSchema`). */
export function chaosSteps(happyEvents: HistoryEvent[], only?: string[]): ChaosStep[] {
  const seen = new Map<string, number>();
  const steps = activitySteps(happyEvents).map(({ index, activityType }) => {
    const occurrence = (seen.get(activityType) ?? 0) + 1;
    seen.set(activityType, occurrence);
    return { index, activityType, occurrence };
  });
  if (!only?.length) return steps;
  return steps.filter((step) => only.includes(String(step.index)) || only.includes(step.activityType));
}

export function chaosScenarios(steps: ChaosStep[], faults: readonly ChaosFault[]): ChaosScenario[] {
  return steps.flatMap((step) => faults.map((fault) => ({ step, fault })));
}

/** The file a run's history is kept in under `--record DIR`. */
export function historyFileName(scenario?: ChaosScenario): string {
  if (!scenario) return 'happy.json';
  return `step-${scenario.step.index}-${scenario.step.activityType}.${scenario.fault.name}.json`;
}
