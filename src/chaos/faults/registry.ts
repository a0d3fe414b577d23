import type { ChaosFault } from './fault';
import { fail } from './fail';
import { transient } from './transient';
import { twice } from './twice';
import { undoTwice } from './undo-twice';

/** Every live fault, in report column order. */
export const CHAOS_FAULTS: readonly ChaosFault[] = [fail, transient, twice, undoTwice];

export function chaosFault(name: string): ChaosFault {
  const fault = CHAOS_FAULTS.find((f) => f.name === name);
  if (!fault)
    throw new Error(`unknown chaos fault '${name}', expected one of ${CHAOS_FAULTS.map((f) => f.name).join(', ')}`);
  return fault;
}
