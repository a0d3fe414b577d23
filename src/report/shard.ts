import { createHash } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import type { Scenario } from '../model/scenario';
import type { RunResult } from '../model/results';
import type { Report } from './model';

/**
 * Which split a shard was cut by: raised whenever scenariosOfShard (or the work it weighs) changes,
 * so a merge of shards cut by two versions of the tool (a rolling upgrade of the workers) is refused
 * instead of losing or doubling scenarios. 2: a fault that does not apply weighs nothing. 3: a
 * scenario weighs its measured work (`--weights`, ../report/shard-work.ts) or an estimate in its units
 * (4: and each shard names the plan it was cut from, which merge compares).
 */
export const SHARD_SPLIT = 4;

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new InvalidArgumentError('i/n with 1 ≤ i ≤ n, e.g. 2/3');
  return { index, count };
}

/**
 * Shard i of n: every scenario goes to the shard with the least work so far, heaviest first, ties
 * to the lower shard. A scenario's work is its weight (by default its history's length in events;
 * a run weighs by shard-work.ts's shardWeight). The same plan and weights always split the same
 * way, and every scenario is in exactly one shard.
 */
export function scenariosOfShard<T extends { history: { events: unknown[] } }>(
  scenarios: T[],
  shard: Shard,
  weight: (scenario: T) => number = (scenario) => scenario.history.events.length,
): T[] {
  const order = scenarios.map((scenario, position) => ({ position, weight: weight(scenario) }));
  order.sort((a, b) => b.weight - a.weight || a.position - b.position);
  const load = new Array<number>(shard.count).fill(0);
  const owner = new Array<number>(scenarios.length);
  for (const { position, weight } of order) {
    const lightest = load.indexOf(Math.min(...load));
    owner[position] = lightest;
    load[lightest] += weight;
  }
  return scenarios.filter((_, position) => owner[position] === shard.index - 1);
}

/**
 * Shard i of n of a run's plan, with a digest of what it was cut from (every scenario of the plan
 * and its weight, in order): it alone decides the split, so shards whose digests differ (other
 * histories, or another `--weights` file read by one of them) may have lost a scenario between
 * them, and `merge` refuses them.
 */
export function cutShard(
  scenarios: Scenario[],
  shard: Shard,
  weight: (scenario: Scenario) => number,
): { scenarios: Scenario[]; plan: string } {
  const weights = new Map(scenarios.map((scenario) => [scenario, weight(scenario)]));
  const cut = JSON.stringify(scenarios.map((s) => [s.history.file, s.step.index, s.fault.name, weights.get(s)]));
  return {
    scenarios: scenariosOfShard(scenarios, shard, (scenario) => weights.get(scenario)!),
    plan: createHash('sha256').update(cut).digest('hex').slice(0, 16),
  };
}

/** What a shard's report says of it, for merge: which shard, the kinds in the run's order, how and from what plan it was cut, its scenarios' work. */
export function shardMetadata(
  shard: Shard,
  result: RunResult & Required<Pick<RunResult, 'faults'>>,
): NonNullable<Report['shard']> {
  return {
    ...shard,
    faults: result.faults,
    split: SHARD_SPLIT,
    plan: result.shardPlan,
    work: result.work,
  };
}
