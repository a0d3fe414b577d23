import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import {
  SHARD_LIMITS,
  type DistributeInput,
  type ShardInput,
  type ShardOutcome,
  type ShardReportGzip,
} from './protocol';

/**
 * The tool's own workflow, run by `fault-replay worker`: one activity per shard, all at once, on
 * the workflow's task queue (any worker polling it may take one), each retried by Temporal's retry
 * policy when it fails or its worker stops heartbeating. The reports stay in the activities'
 * results (one payload each, under the size limit); the workflow returns only which shards ran.
 * An input out of bounds (anyone may start this workflow) fails it at once, saying which bound.
 */
export async function faultReplayDistributedCheck(input: DistributeInput): Promise<ShardOutcome[]> {
  const refused = refusal(input);
  if (refused) throw ApplicationFailure.nonRetryable(`refused: ${refused}`, 'FaultReplayInputRefused');
  const { faultReplayCheckShard } = proxyActivities<{
    faultReplayCheckShard(shard: ShardInput): Promise<ShardReportGzip>;
  }>({
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: input.heartbeatTimeoutMs,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: input.attempts,
    },
  });
  const shards = Array.from({ length: input.shards }, (_, i) => i + 1);
  const settled = await Promise.allSettled(
    shards.map((index) =>
      faultReplayCheckShard({
        options: input.options,
        index,
        count: input.shards,
        ...(input.weights === undefined ? {} : { weights: input.weights }),
      }),
    ),
  );
  return settled.map((outcome, i): ShardOutcome =>
    outcome.status === 'fulfilled'
      ? { index: shards[i], ok: true }
      : { index: shards[i], ok: false, error: causeOf(outcome.reason) },
  );
}

function refusal(input: DistributeInput): string | undefined {
  const size = JSON.stringify(input ?? null).length;
  if (size > SHARD_LIMITS.inputChars)
    return `the input is ${size} characters of JSON, over the limit of ${SHARD_LIMITS.inputChars}`;
  if (!isWhole(input?.shards, 1, SHARD_LIMITS.shards))
    return `shards must be a whole number from 1 to ${SHARD_LIMITS.shards}`;
  if (
    input.weights !== undefined &&
    (typeof input.weights !== 'string' || input.weights.length > SHARD_LIMITS.weightsChars)
  )
    return `weights must be a string of at most ${SHARD_LIMITS.weightsChars} characters`;
  if (!isWhole(input.attempts, 1, SHARD_LIMITS.attempts))
    return `attempts must be a whole number from 1 to ${SHARD_LIMITS.attempts}`;
  const { min, max } = SHARD_LIMITS.heartbeatTimeoutMs;
  if (!isWhole(input.heartbeatTimeoutMs, min, max))
    return `heartbeatTimeoutMs must be a whole number from ${min} to ${max}`;
  return undefined;
}

function isWhole(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function causeOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  const kind = cause instanceof ApplicationFailure || !(cause instanceof Error) ? '' : `${cause.name}: `;
  return `${kind}${message}`.split('\n')[0];
}
