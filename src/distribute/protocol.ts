/**
 * What `check --distribute` sends and gets back: plain data only (it crosses the Temporal server),
 * shared by the client, the workflow (types only: no Node module enters the workflow bundle) and
 * the worker's activity.
 */

export type { ShardCheckOptions } from '../model/options';
import type { ShardCheckOptions } from '../model/options';

export interface ShardInput {
  options: ShardCheckOptions;
  /** 1-based. */
  index: number;
  count: number;
}

export interface DistributeInput {
  options: ShardCheckOptions;
  shards: number;
  /** Attempts per shard (Temporal's retry policy), the first included. */
  attempts: number;
  /** A worker that has not heartbeated for this long is taken as gone: its shard is retried elsewhere. */
  heartbeatTimeoutMs: number;
}

/** A shard's outcome in the workflow's result; its report itself is the activity's result in the history. */
export type ShardOutcome = { index: number; ok: true } | { index: number; ok: false; error: string };

/** The activity's result: the shard's JSON report (as `check --shard i/n --json` writes it), gzipped, base64. */
export type ShardReportGzip = string;

/** Temporal's default limit for one payload (the server refuses a larger activity result). */
export const PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

export const DISTRIBUTE_WORKFLOW = 'faultReplayDistributedCheck';
export const CHECK_SHARD_ACTIVITY = 'faultReplayCheckShard';
