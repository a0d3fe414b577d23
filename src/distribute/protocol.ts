/**
 * What `check --distribute` sends and gets back: plain data only (it crosses the Temporal server),
 * shared by the client, the workflow (types and limits only: no Node module enters the workflow
 * bundle) and the worker's activity. Anyone who can start a workflow on the task queue can send
 * these, so they carry no module and no path outside the worker's histories root: which code a
 * worker loads and which files it reads are fixed by its own command line (`fault-replay worker`).
 */

export type { ShardCheckOptions } from '../model/options';
import type { ShardCheckOptions } from '../model/options';

export interface ShardInput {
  options: ShardCheckOptions;
  /** 1-based. */
  index: number;
  count: number;
  /** The split's weights (`check --weights`), packed (../report/shard-work.ts packWork); absent: by history length. */
  weights?: string;
}

export interface DistributeInput {
  options: ShardCheckOptions;
  /** Sent on to every shard. */
  weights?: string;
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

/** What a worker accepts (and `check --distribute` sends): anything beyond is refused with the limit named. */
export const SHARD_LIMITS = {
  /** The workflow's or a shard's input, as JSON. */
  inputChars: 256 * 1024,
  shards: 1000,
  attempts: 100,
  heartbeatTimeoutMs: { min: 1000, max: 3_600_000 },
  histories: 10_000,
  pathChars: 4096,
  faults: 200,
  signalsChars: 64 * 1024,
  maxRounds: 1_000_000,
  deadlineMs: 600_000,
  /** The packed weights every shard's input repeats: at most this, and this over the shard count (each shard's input is kept in the workflow's history). */
  weightsChars: 64 * 1024,
  weightsCharsInHistory: 4 * 1024 * 1024,
} as const;

/** A shard's report, unpacked by `check --distribute`: far above a real one (its gzip is under 2 MB). */
export const REPORT_LIMIT_BYTES = 256 * 1024 * 1024;

export const DISTRIBUTE_WORKFLOW = 'faultReplayDistributedCheck';
export const CHECK_SHARD_ACTIVITY = 'faultReplayCheckShard';
