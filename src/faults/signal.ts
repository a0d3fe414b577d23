import { defaultPayloadConverter, type PayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { workflowSignaled } from '../history/outside-events';
import type { LoadedHistory } from '../model/history';
import type { FaultKind } from './fault';
import { samePointAsEarlierStep } from './fault';
import { childNotWaitedOn } from './pending-child';
import { stepKind, type StepKind } from '../steps/steps';
import { injectWhilePending, WAITING_STEP_KINDS } from './workflow-cancel';

export const SIGNAL_FAULT_PREFIX = 'signal:';

interface SignalPayload {
  input: temporal.api.common.v1.IPayloads;
  header: temporal.api.common.v1.IHeader;
}

/**
 * The signals a `signal:<name>` fault can send: each name recorded in the histories (a
 * WorkflowExecutionSignaled of that name, with the payload of the first one recorded for that
 * workflow type), and those the user gives (`--signal name=<json args>`, for every workflow type).
 */
export class SignalCatalogue {
  private readonly recorded = new Map<string, Map<string, SignalPayload>>();
  private readonly given = new Map<string, SignalPayload>();

  constructor(
    histories: LoadedHistory[],
    given: Record<string, unknown[]> = {},
    converter: PayloadConverter = defaultPayloadConverter,
  ) {
    for (const history of histories) {
      for (const event of history.events) {
        const signaled = event.workflowExecutionSignaledEventAttributes;
        if (!signaled?.signalName) continue;
        const byType = this.recorded.get(signaled.signalName) ?? new Map<string, SignalPayload>();
        this.recorded.set(signaled.signalName, byType);
        if (!byType.has(history.workflowType))
          byType.set(history.workflowType, {
            input: signaled.input ?? { payloads: [] },
            header: signaled.header ?? {},
          });
      }
    }
    for (const [name, args] of Object.entries(given)) {
      this.given.set(name, { input: { payloads: args.map((arg) => converter.toPayload(arg)) }, header: {} });
    }
  }

  /** Every signal name known, sorted (the matrix's signal columns). */
  names(): string[] {
    return [...new Set([...this.recorded.keys(), ...this.given.keys()])].sort();
  }

  /** Not a signal fault, or one whose payload is known for this workflow type. */
  knows(faultName: string, workflowType: string): boolean {
    return (
      !faultName.startsWith(SIGNAL_FAULT_PREFIX) ||
      this.payload(faultName.slice(SIGNAL_FAULT_PREFIX.length), workflowType) !== undefined
    );
  }

  payload(name: string, workflowType: string): SignalPayload | undefined {
    return this.given.get(name) ?? this.recorded.get(name)?.get(workflowType);
  }
}

/**
 * A signal also lands while a child workflow runs: what the workflow does with it is its own code;
 * where that cancels the child, the path says could-not-run unless the recorded history shows how a
 * child of that type closes once cancelled. (A cancellation of the workflow would always cancel
 * the child, so `workflow-cancel` does not hit child workflows.)
 */
const SIGNAL_STEP_KINDS: readonly StepKind[] = [...WAITING_STEP_KINDS, 'child-workflow'];

/**
 * `signal:<name>`: a client sends the workflow the signal while the step runs: WorkflowExecutionSignaled
 * right after the step's scheduling, then a workflow task. What a correct saga does is its own
 * (an abort signal: cancel the step, compensate); the golden files and the spec say it.
 */
export function signalKind(name: string, signals: SignalCatalogue): FaultKind {
  const fault = `${SIGNAL_FAULT_PREFIX}${name}`;
  const unknown = (workflowType: string) =>
    `no ${name} signal is recorded for workflow type ${workflowType} in the histories given, and none is given with --signal ${name}=<json args>`;
  return {
    name: fault,
    stepKinds: SIGNAL_STEP_KINDS,
    notApplicable(step, history) {
      if (!signals.payload(name, history.workflowType)) return unknown(history.workflowType);
      if (stepKind(step) === 'child-workflow') return childNotWaitedOn(step, history.events);
      return samePointAsEarlierStep(step, history, WAITING_STEP_KINDS);
    },
    inject(step, history) {
      const payload = signals.payload(name, history.workflowType);
      if (!payload) throw new Error(`${fault}: ${unknown(history.workflowType)}`);
      return injectWhilePending(step, history, (builder) =>
        workflowSignaled(builder, name, payload.input, payload.header),
      );
    },
  };
}
