import { defaultPayloadConverter, type PayloadConverter } from '@temporalio/common';
import type { Failure, Payload } from '../history/events';

/** Turns payloads into plain values for golden files and reports, with the user's converter. */
export class PayloadDecoder {
  constructor(private readonly converter: PayloadConverter = defaultPayloadConverter) {}

  values(payloads: Payload[] | null | undefined): unknown[] {
    return (payloads ?? []).map((payload) => this.value(payload));
  }

  value(payload: Payload): unknown {
    try {
      return this.converter.fromPayload(payload as never) ?? null;
    } catch {
      const encoding = new TextDecoder().decode(payload.metadata?.encoding ?? new Uint8Array());
      return { encoding, base64: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
    }
  }
}

/** `TypeName: message` for each failure down the cause chain: what a person reads in a diff. */
export function failureChain(failure: Failure | null | undefined): string[] {
  const chain: string[] = [];
  for (let current = failure; current; current = current.cause) chain.push(`${failureType(current)}: ${current.message ?? ''}`);
  return chain;
}

export function failureType(failure: Failure): string {
  if (failure.applicationFailureInfo) return failure.applicationFailureInfo.type || 'ApplicationFailure';
  if (failure.activityFailureInfo) return 'ActivityFailure';
  if (failure.childWorkflowExecutionFailureInfo) return 'ChildWorkflowFailure';
  if (failure.timeoutFailureInfo) return 'TimeoutFailure';
  if (failure.canceledFailureInfo) return 'CancelledFailure';
  if (failure.terminatedFailureInfo) return 'TerminatedFailure';
  if (failure.serverFailureInfo) return 'ServerFailure';
  return 'Failure';
}
