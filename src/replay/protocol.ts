import type { ObserverEvent } from './activations';
import type { ReplayError } from './errors';

/** Messages between the run and its replay processes (child.ts). */
export type ParentMessage =
  | { type: 'init'; bundleCode: string; payloadConverterPath?: string; coverage?: boolean }
  | { type: 'replay'; id: number; history: Uint8Array; workflowId: string }
  | { type: 'close' };

export type ChildMessage =
  | { type: 'ready' }
  | {
      type: 'result';
      id: number;
      events: ObserverEvent[];
      error?: ReplayError;
      ms?: number;
      /** With coverage: the bundle's functions this replay ran, and those loading the bundle ran, as [start, end) offsets. */
      executed?: Array<[number, number]>;
    }
  | { type: 'fatal'; message: string };
