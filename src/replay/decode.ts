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

/** A failure's type as a person reads it: the application failure's own type, else its kind. */
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
