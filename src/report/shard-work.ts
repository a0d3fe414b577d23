import { readFileSync, statSync } from 'node:fs';
import type { History } from '../history/events';
import type { FollowEngine } from '../continue/engine';
import type { ProofRun } from '../live/task-proof';
import type { ReplayOutcome } from '../replay/session';
import { notApplicableAt } from '../faults/fault';
import type { Scenario } from '../model/scenario';
import { packJson, unpackJson } from '../util/packed-json';

/**
 * What a scenario's follow cost, in units of about a millisecond of this machine, from counts that
 * are the same on every run of the same code and histories (so a shard report and a `--weights`
 * file stay byte for byte the same): each workflow task run live, each proof replay, and the events
 * those replays went through. Fitted on the corpus (the shard bench times each scenario too): the
 * counts explain 0.98 of a scenario's time, a history's length 0.26.
 */
export interface WorkCounts {
  tasks: number;
  proofs: number;
  provedEvents: number;
}

export function workUnits({ tasks, proofs, provedEvents }: WorkCounts): number {
  return Math.round(tasks + 2 * proofs + provedEvents / 6);
}

/**
 * Each planned scenario's work, by history file, fault kind, then step (index - 1; null: not
 * measured). What `--weights FILE` keeps and a shard's report carries.
 */
export type WorkTable = Record<string, Record<string, Array<number | null>>>;

export const WORK_LIMITS = { unitsMax: 1e9, stepsMax: 100_000, unpackedBytes: 64 * 1024 * 1024 } as const;

/** The follow engine of one scenario, counting what it is asked to do. */
export class WorkCounter implements FollowEngine {
  readonly counts: WorkCounts = { tasks: 0, proofs: 0, provedEvents: 0 };
  readonly runsChildren?: boolean;

  constructor(private readonly engine: FollowEngine) {
    this.runsChildren = engine.runsChildren;
  }

  readonly live: FollowEngine['live'] = {
    runTask: (request) => {
      this.counts.tasks++;
      return this.engine.live.runTask(request);
    },
    forget: (runId) => this.engine.live.forget(runId),
  };

  prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    this.counts.proofs++;
    this.counts.provedEvents += history.events?.length ?? 0;
    return this.engine.prove(history, run);
  }
}

/** A table to record into: no prototype, so a file or fault named `__proto__` is a key like any other. */
export function emptyWork(): WorkTable {
  return Object.create(null) as WorkTable;
}

export function recordWork(table: WorkTable, scenario: Scenario, units: number): void {
  stepsOf(table, scenario.history.file, scenario.fault.name)[scenario.step.index - 1] = units;
}

function stepsOf(table: WorkTable, file: string, fault: string): Array<number | null> {
  const byFault = Object.hasOwn(table, file) ? table[file] : (table[file] = Object.create(null) as WorkTable[string]);
  const steps = Object.hasOwn(byFault, fault) ? byFault[fault] : (byFault[fault] = []);
  return steps;
}

function padded(steps: Array<number | null>): Array<number | null> {
  return Array.from(steps, (units) => units ?? null);
}

/**
 * A scenario's weight in a shard split: none for a fault that does not apply (answered without a
 * replay), else its work in `measured` (a previous run's), else an estimate from its history's
 * length: one task and a proof of the whole history (a nested fault follows once per compensation;
 * the table learns how many).
 */
export function shardWeight(measured: WorkTable = {}) {
  return (scenario: Scenario): number => {
    if (notApplicableAt(scenario.fault, scenario.step, scenario.history)) return 0;
    const byFault = Object.hasOwn(measured, scenario.history.file) ? measured[scenario.history.file] : {};
    const known = Object.hasOwn(byFault, scenario.fault.name)
      ? byFault[scenario.fault.name][scenario.step.index - 1]
      : undefined;
    return known ?? workUnits({ tasks: 1, proofs: 1, provedEvents: scenario.history.events.length });
  };
}

/** The table as `check --distribute` sends it to every shard: gzipped JSON, base64 (it repeats itself: ≈ 1/9 the size). */
export function packWork(table: WorkTable): string {
  return packJson(JSON.stringify(sorted(table)));
}

/** A packed table from a shard's input (anyone may have sent it): the table, or an Error saying why not. */
export function unpackWork(packed: unknown): WorkTable | Error {
  let table: unknown;
  try {
    table = unpackJson(packed, WORK_LIMITS.unpackedBytes);
  } catch (err) {
    return new Error(`not a gzipped JSON table (${(err as Error).message})`);
  }
  const problem = workTableProblem(table);
  return problem ? new Error(problem) : (table as WorkTable);
}

/** The tables of several shards (or runs) as one: later ones win where two measured the same scenario. */
export function mergeWork(tables: Array<WorkTable | undefined>): WorkTable {
  const merged = emptyWork();
  for (const table of tables)
    for (const [file, byFault] of Object.entries(table ?? {}))
      for (const [fault, steps] of Object.entries(byFault))
        steps.forEach((units, i) => {
          if (units !== null) stepsOf(merged, file, fault)[i] = units;
        });
  return sorted(merged);
}

/** Why this is not a work table (a file or a shard's input: anyone may have written it), or undefined. */
export function workTableProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not an object of history files';
  for (const [file, byFault] of Object.entries(value)) {
    if (!isPlainObject(byFault)) return `${JSON.stringify(file.slice(0, 200))}: not an object of fault kinds`;
    for (const [fault, steps] of Object.entries(byFault)) {
      const where = `${JSON.stringify(file.slice(0, 200))} ${JSON.stringify(fault.slice(0, 100))}`;
      if (!Array.isArray(steps) || steps.length > WORK_LIMITS.stepsMax)
        return `${where}: not an array of at most ${WORK_LIMITS.stepsMax} steps`;
      const bad = steps.find(
        (units) => units !== null && !(Number.isInteger(units) && units >= 0 && units <= WORK_LIMITS.unitsMax),
      );
      if (bad !== undefined)
        return `${where}: ${JSON.stringify(bad)} is not a whole number from 0 to ${WORK_LIMITS.unitsMax} (or null)`;
    }
  }
  return undefined;
}

/**
 * `--weights FILE`: the table it holds (none if it does not exist yet), or why it cannot be read as
 * one; `foreign` when it is not a weights file at all (not JSON, a folder, no `work`), which a run
 * must not overwrite.
 */
export function readWorkFile(path: string): { table?: WorkTable; problem?: string; foreign?: true } {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return {};
  if (stat.isDirectory()) return { problem: 'is a folder, not a file', foreign: true };
  let table: unknown;
  try {
    table = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { problem: `not JSON (${(err as Error).message.split('\n')[0]})`, foreign: true };
  }
  if (!isPlainObject(table) || !Object.hasOwn(table, 'work') || !Object.hasOwn(table, 'version'))
    return { problem: 'not a weights file (no "version" and "work")', foreign: true };
  if (table.version !== WORK_FILE_VERSION)
    return {
      problem: `a weights file of another version (${JSON.stringify(table.version)}, not ${WORK_FILE_VERSION})`,
    };
  const problem = workTableProblem(table.work);
  return problem ? { problem: `a damaged weights file (${problem})` } : { table: table.work as WorkTable };
}

export const WORK_FILE_VERSION = 1;

/** One line per history file and fault kind, sorted: a diff of two runs' files shows which scenarios' work changed. */
export function formatWorkFile(work: WorkTable): string {
  const files = Object.entries(sorted(work)).map(([file, byFault]) => {
    const faults = Object.entries(byFault).map(
      ([fault, steps]) => `    ${JSON.stringify(fault)}: ${JSON.stringify(steps)}`,
    );
    return `  ${JSON.stringify(file)}: {\n${faults.join(',\n')}\n  }`;
  });
  return `{"version": ${WORK_FILE_VERSION}, "work": {\n${files.join(',\n')}\n}}\n`;
}

/** Keys in code-point order and holes as null: the same table always gives the same bytes. */
function sorted(table: WorkTable): WorkTable {
  const byKey = <T>(record: Record<string, T>) =>
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out = emptyWork();
  for (const [file, byFault] of byKey(table))
    for (const [fault, steps] of byKey(byFault)) stepsOf(out, file, fault).push(...padded(steps));
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
