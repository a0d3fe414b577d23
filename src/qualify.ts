import { payloadConverterPathOf } from './load/codec';
import type { FaultReplayOptions, ProcessOptions, QualifiedOptions } from './model/options';
import type { Scenario } from './model/scenario';
import { defaultWorkers } from './util/workers';

/** The defaults of src/model/options.ts, each once. */
export const DEFAULTS = {
  deadlineMs: 5_000,
  scenariosInFlight: 32,
  /** From this many scenarios a run lasts minutes: its memory matters more than a second at the start. */
  bundleApartFrom: 500,
  /** Enough workflow tasks for a rollback of a few hundred steps… */
  maxRounds: 1000,
  /** …and never fewer than ten a recorded step. */
  maxRoundsPerStep: 10,
} as const;

/** Every option with its default resolved: the one place a default is chosen. */
export function qualify(options: FaultReplayOptions): QualifiedOptions {
  return {
    ...options,
    ...processOptions(options),
    payloadConverterPath: payloadConverterPathOf(options),
    update: options.update ?? false,
    laws: options.laws ?? true,
    goldens: options.goldens ?? true,
    scenariosInFlight: options.scenariosInFlight ?? DEFAULTS.scenariosInFlight,
  };
}

/** The worker processes' part (the engine's processes, `replay`, tests that start an engine alone). */
export function processOptions(options: Partial<ProcessOptions> = {}): ProcessOptions {
  return {
    ...(options.payloadConverterPath ? { payloadConverterPath: options.payloadConverterPath } : {}),
    deadlineMs: options.deadlineMs ?? DEFAULTS.deadlineMs,
    workers: Math.max(1, options.workers ?? defaultWorkers()),
  };
}

export function maxRoundsOf(options: Pick<FaultReplayOptions, 'maxRounds'>, scenario: Scenario): number {
  return options.maxRounds ?? Math.max(DEFAULTS.maxRounds, DEFAULTS.maxRoundsPerStep * scenario.step.index);
}

export function bundleApart(options: Pick<FaultReplayOptions, 'bundleApart'>, scenarios: number): boolean {
  return options.bundleApart ?? scenarios >= DEFAULTS.bundleApartFrom;
}
