import type { LocalActivityAnswer } from './local-activities';
import type { LocalActivityCall } from '../model/observation';

/**
 * Messages between the run and its live worker processes (child.ts). The workflow tasks do not
 * travel here: the worker polls them from the run's frontend (./frontend.ts), as from a server.
 */
export type ParentMessage =
  | { type: 'init'; bundleCode: string; address: string; payloadConverterPath?: string; cachedRuns: number }
  | { type: 'local-activity'; id: number; answer: LocalActivityAnswer }
  | { type: 'close' };

export type ChildMessage =
  | { type: 'ready' }
  | {
      type: 'local-activity';
      id: number;
      runId: string;
      activityId: string;
      activityType: string;
      call: LocalActivityCall;
    }
  | { type: 'fatal'; message: string };
