import { randomUUID } from 'node:crypto';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { mergeShardReports, shardsWork } from '../report/merge';
import type { WorkTable } from '../report/shard-work';
import type { Report, Threshold } from '../report/model';
import { DISTRIBUTE_WORKFLOW, DistributeInput, REPORT_LIMIT_BYTES, ShardOutcome } from './protocol';
import { inertLine } from '../report/escape';
import { unpackJson } from '../util/packed-json';
import { connectingTo } from '../util/connect';

export interface DistributeTarget {
  address: string;
  /** TLS and API key, as capture and the worker take them (default: plain `address`). */
  connection?: ConnectionOptions;
  namespace: string;
  taskQueue: string;
}

/** One line per shard that could not run (after its retries): the run exits 2 and writes no report. */
export class ShardsFailed extends Error {
  constructor(readonly lines: string[]) {
    lines = lines.map(inertLine); // a shard's error may quote what a worker was sent
    super(lines.join('\n'));
  }
}

/**
 * `check --distribute`: starts the tool's workflow on the server, which fans the shards out to
 * `fault-replay worker`s as activities; once it closes, reads each shard's report from its
 * activity's result in the workflow's history and merges them as `fault-replay merge` does, with
 * what their scenarios cost (for `--weights`).
 */
export async function distributedCheck(
  target: DistributeTarget,
  input: DistributeInput,
  threshold?: Threshold,
  signal?: AbortSignal,
): Promise<{ report: Report; work: WorkTable }> {
  const connection = await connectingTo(target.address, () =>
    Connection.connect(target.connection ?? { address: target.address }),
  );
  try {
    const client = new Client({ connection, namespace: target.namespace });
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: target.namespace,
      taskQueue: { name: target.taskQueue },
    });
    if (!pollers?.length) {
      console.error(
        `fault-replay: no worker has polled task queue ${target.taskQueue} on ${target.address} lately: start fault-replay worker there; the run waits for one`,
      );
    }
    const handle = await client.workflow.start(DISTRIBUTE_WORKFLOW, {
      taskQueue: target.taskQueue,
      workflowId: `fault-replay-check-${randomUUID()}`,
      args: [input],
    });
    // Stopped (Ctrl-C): the workflow is terminated at once (a cancel would wait for a worker), and
    // the workers' shards learn it at their next heartbeat.
    let onAbort = () => undefined as void;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () =>
        void handle
          .terminate('check --distribute stopped')
          .catch(() => undefined)
          .then(() => reject(new Error('stopped')));
    });
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
    let outcomes: ShardOutcome[];
    try {
      outcomes = (await Promise.race([handle.result(), stopped])) as ShardOutcome[];
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const failed = outcomes.filter((o): o is Extract<ShardOutcome, { ok: false }> => !o.ok);
    if (failed.length) {
      throw new ShardsFailed(
        failed.map(
          (o) =>
            `shard ${o.index}/${input.shards} could not run (${input.attempts} attempts, workflow ${handle.workflowId}): ${o.error}`,
        ),
      );
    }
    const history = await handle.fetchHistory();
    const reports = (history.events ?? []).flatMap((event) => {
      const payload = event.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
      if (!payload) return [];
      return [shardReport(defaultPayloadConverter.fromPayload<unknown>(payload), handle.workflowId)];
    });
    reports.sort((a, b) => a.shard!.index - b.shard!.index);
    const names = reports.map((r) => `shard ${r.shard!.index}/${input.shards} of workflow ${handle.workflowId}`);
    return { report: mergeShardReports(reports, names, threshold), work: shardsWork(reports, names) };
  } finally {
    await connection.close();
  }
}

/** A shard's report from its activity's result: unpacked within REPORT_LIMIT_BYTES (whoever polls the queue may have sent it). */
function shardReport(result: unknown, workflowId: string): Report {
  try {
    return unpackJson(result, REPORT_LIMIT_BYTES) as Report;
  } catch (err) {
    throw new Error(`workflow ${workflowId}: a shard's result is not a gzipped JSON report: ${(err as Error).message}`);
  }
}
