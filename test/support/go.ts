import type { HistoryEvent } from '../../src/history/events';
import { goWorker } from '../../scripts/record-go';

export { GO_VARIANTS, GO_VARIANT_NAMES } from '../../scripts/record-go';
export const GO_CORPUS = 'histories/go-tenant-provisioning';

let worker: string | undefined;

/**
 * The command `check --worker-command` is given for the Go saga: the project's Go worker
 * (go.temporal.io/sdk, built into .tools/go by scripts/install-go-deps.sh) with the planted bugs
 * `bugs` (its -bugs knobs; none: the reference saga).
 */
export function goWorkerCommand(bugs?: string): string {
  worker ??= goWorker();
  return bugs ? `${worker} -bugs ${bugs}` : worker;
}

/**
 * What differs between the Go worker's live run and the tool's path only by how the Go SDK writes
 * it (the fidelity suite sets it aside on both sides; docs/other-sdks.md, known differences):
 * - a Go activity that returns only an error completes with no result, where the tool answers an
 *   activity the history never recorded (an undo) with a null payload (binary/null), as a TypeScript
 *   activity returning undefined: Go's workflow code decodes both to the zero value;
 * - the Go SDK names itself (sdkName, sdkVersion) in the first workflow task a worker process
 *   completes for a run: live that is the run's first task, on the tool's path the task it takes over.
 */
export function goDifferences(events: HistoryEvent[]): void {
  for (const event of events) {
    const completed = event.activityTaskCompletedEventAttributes;
    const payloads = completed?.result?.payloads ?? [];
    const encoding = payloads[0]?.metadata?.encoding;
    const isNull =
      payloads.length === 1 &&
      !payloads[0].data?.length &&
      encoding &&
      Buffer.from(encoding).toString() === 'binary/null';
    if (completed && (isNull || (completed.result && payloads.length === 0))) delete completed.result;
    const metadata = event.workflowTaskCompletedEventAttributes?.sdkMetadata;
    if (metadata) {
      delete metadata.sdkName;
      delete metadata.sdkVersion;
    }
  }
}
