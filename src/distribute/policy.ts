import { existsSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, normalize, relative, resolve } from 'node:path';
import { isFaultName } from '../faults/registry';
import { SHARD_CHECK_KEYS, type FaultReplayOptions, type WORKER_KEYS } from '../model/options';
import { unpackWork } from '../report/shard-work';
import { SHARD_LIMITS, type ShardCheckOptions, type ShardInput } from './protocol';

/**
 * What a `fault-replay worker` may load and read, fixed by its own command line when it starts:
 * a shard (which anyone who can start a workflow on its task queue can send) chooses none of it.
 */
export type WorkerPolicy = Pick<FaultReplayOptions, (typeof WORKER_KEYS)[number]> & {
  /** The real path of `--histories-root`: a shard names histories by relative path under it. */
  historiesRoot: string;
  /** At most this many worker processes of each kind for one shard. */
  maxWorkers: number;
};

/** A shard the worker will not run, with the reason (sent back as the shard's failure). */
export class ShardRefused extends Error {}

const REQUEST_KEYS = new Set<string>(SHARD_CHECK_KEYS);
const INPUT_KEYS = new Set<keyof ShardInput>(['options', 'index', 'count', 'weights']);

/** The worker's policy from its flags: every module path made absolute and checked now, the root's real path. */
export function workerPolicy(
  flags: Partial<WorkerPolicy> & { historiesRoot: string; workflowsPath: string },
): WorkerPolicy {
  const root = resolve(flags.historiesRoot);
  if (!existsSync(root)) throw new Error(`--histories-root ${flags.historiesRoot}: no such folder`);
  const file = (flag: string, path: string | undefined) => {
    if (path === undefined) return undefined;
    if (!existsSync(path)) throw new Error(`${flag} ${path}: no such file or folder`);
    return resolve(path);
  };
  return {
    historiesRoot: realpathSync(root),
    workflowsPath: file('--workflows', flags.workflowsPath)!,
    interceptorModules: flags.interceptorModules?.map((path) => file('--interceptors', path)!),
    payloadConverterPath: file('--payload-converter', flags.payloadConverterPath),
    dataConverterPath: file('--data-converter', flags.dataConverterPath),
    resultsPath: file('--results', flags.resultsPath),
    goldenDir: flags.goldenDir && resolve(flags.goldenDir),
    specPath: file('--spec', flags.specPath),
    maxHistoryMib: flags.maxHistoryMib,
    maxWorkers: flags.maxWorkers ?? Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))),
  };
}

/**
 * The options of the check a shard asks for, under the worker's policy; a shard that asks for
 * anything else (a module or file path, a path out of the histories root, a value out of bounds,
 * a payload over its limit) is refused, saying why. History paths are relative to the root, which
 * is the worker's working directory (so reports name them as `check` was given them).
 */
export function shardRunOptions(
  input: unknown,
  policy: WorkerPolicy,
): FaultReplayOptions & { shard: { index: number; count: number } } {
  const size = JSON.stringify(input ?? null).length;
  if (size > SHARD_LIMITS.inputChars)
    throw new ShardRefused(`the shard is ${size} characters of JSON, over the limit of ${SHARD_LIMITS.inputChars}`);
  const shard = plainObject(input, 'the shard', INPUT_KEYS) as unknown as ShardInput;
  const count = whole(shard.count, 'count', 1, SHARD_LIMITS.shards);
  const index = whole(shard.index, 'index', 1, count);
  const request = plainObject(shard.options, 'options', REQUEST_KEYS) as unknown as ShardCheckOptions;
  const histories = stringList(request.histories, 'histories', SHARD_LIMITS.histories).map((path) =>
    underRoot(path, policy.historiesRoot),
  );
  if (histories.length === 0) throw new ShardRefused('histories: none given');
  const faults = request.faults === undefined ? undefined : stringList(request.faults, 'faults', SHARD_LIMITS.faults);
  for (const name of faults ?? [])
    if (name !== 'all' && !isFaultName(name))
      throw new ShardRefused(`faults: no fault kind ${JSON.stringify(name.slice(0, 100))}`);
  if (request.signals !== undefined) {
    const signals = plainObject(request.signals, 'signals');
    if (Object.values(signals).some((args) => !Array.isArray(args)))
      throw new ShardRefused("signals: each signal's arguments must be an array");
    if (JSON.stringify(signals).length > SHARD_LIMITS.signalsChars)
      throw new ShardRefused(`signals: over ${SHARD_LIMITS.signalsChars} characters of JSON`);
  }
  if (request.strictAnswers !== undefined && typeof request.strictAnswers !== 'boolean')
    throw new ShardRefused('strictAnswers must be true or false');
  const weights = shard.weights === undefined ? undefined : unpackWork(shard.weights);
  if (weights instanceof Error) throw new ShardRefused(`weights: ${weights.message}`);
  return {
    workflowsPath: policy.workflowsPath,
    interceptorModules: policy.interceptorModules,
    payloadConverterPath: policy.payloadConverterPath,
    dataConverterPath: policy.dataConverterPath,
    resultsPath: policy.resultsPath,
    goldenDir: policy.goldenDir,
    specPath: policy.specPath,
    maxHistoryMib: policy.maxHistoryMib,
    histories,
    faults,
    signals: request.signals,
    strictAnswers: request.strictAnswers,
    maxRounds: optionalWhole(request.maxRounds, 'maxRounds', SHARD_LIMITS.maxRounds),
    deadlineMs: optionalWhole(request.deadlineMs, 'deadlineMs', SHARD_LIMITS.deadlineMs),
    workers: Math.min(
      optionalWhole(request.workers, 'workers', Number.MAX_SAFE_INTEGER) ?? policy.maxWorkers,
      policy.maxWorkers,
    ),
    shardWeights: weights,
    update: false,
    shard: { index, count },
  };
}

/** A relative path that stays under the root, also once its symlinks are followed. */
function underRoot(path: string, root: string): string {
  if (path.includes('\0')) throw new ShardRefused(`histories: ${JSON.stringify(path.slice(0, 200))} holds a NUL`);
  if (isAbsolute(path))
    throw new ShardRefused(
      `histories: ${JSON.stringify(path.slice(0, 200))} is absolute: a shard names histories by relative path under the worker's --histories-root`,
    );
  const normal = normalize(path);
  if (normal === '..' || normal.startsWith(`..${'/'}`))
    throw new ShardRefused(
      `histories: ${JSON.stringify(path.slice(0, 200))} leads out of the worker's --histories-root`,
    );
  const full = resolve(root, normal);
  if (existsSync(full)) {
    const real = relative(root, realpathSync(full));
    if (real === '..' || real.startsWith(`..${'/'}`) || isAbsolute(real))
      throw new ShardRefused(
        `histories: ${JSON.stringify(path.slice(0, 200))} leads out of the worker's --histories-root (through a symlink)`,
      );
  }
  return path;
}

function plainObject(value: unknown, what: string, keys?: Set<string>): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ShardRefused(`${what} must be an object`);
  const unknown = keys ? Object.keys(value).filter((key) => !keys.has(key)) : [];
  if (unknown.length) {
    throw new ShardRefused(
      `${what}: ${unknown.map((key) => JSON.stringify(key.slice(0, 100))).join(', ')} not accepted: a shard carries no module or file path; the worker's own command line sets them`,
    );
  }
  return value as Record<string, unknown>;
}

function stringList(value: unknown, what: string, max: number): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw new ShardRefused(`${what} must be an array of strings`);
  if (value.length > max) throw new ShardRefused(`${what}: ${value.length} given, over the limit of ${max}`);
  const long = (value as string[]).find((item) => item.length > SHARD_LIMITS.pathChars);
  if (long !== undefined)
    throw new ShardRefused(
      `${what}: an entry of ${long.length} characters, over the limit of ${SHARD_LIMITS.pathChars}`,
    );
  return value as string[];
}

function whole(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ShardRefused(`${what} must be a whole number from ${min} to ${max}`);
  return value;
}

function optionalWhole(value: unknown, what: string, max: number): number | undefined {
  return value === undefined ? undefined : whole(value, what, 1, max);
}
