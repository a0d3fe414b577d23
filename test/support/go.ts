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
