import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { DistributeInput, ShardInput, ShardOutcome, ShardReportGzip } from './protocol';

/**
 * The tool's own workflow, run by `fault-replay worker`: one activity per shard, all at once, on
 * the workflow's task queue (any worker polling it may take one), each retried by Temporal's retry
 * policy when it fails or its worker stops heartbeating. The reports stay in the activities'
 * results (one payload each, under the size limit); the workflow returns only which shards ran.
 */
export async function faultReplayDistributedCheck(input: DistributeInput): Promise<ShardOutcome[]> {
  const { faultReplayCheckShard } = proxyActivities<{ faultReplayCheckShard(shard: ShardInput): Promise<ShardReportGzip> }>({
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: input.heartbeatTimeoutMs,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: input.attempts },
  });
  const shards = Array.from({ length: input.shards }, (_, i) => i + 1);
  const settled = await Promise.allSettled(shards.map((index) => faultReplayCheckShard({ options: input.options, index, count: input.shards })));
  return settled.map((outcome, i): ShardOutcome =>
    outcome.status === 'fulfilled' ? { index: shards[i], ok: true } : { index: shards[i], ok: false, error: causeOf(outcome.reason) },
  );
}

function causeOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  const kind = cause instanceof ApplicationFailure || !(cause instanceof Error) ? '' : `${cause.name}: `;
  return `${kind}${message}`.split('\n')[0];
}
