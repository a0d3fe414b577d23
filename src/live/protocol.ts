import type { LocalActivityAnswers } from './local-activities';

/** Messages between the run and its live worker processes (child.ts). Histories and answers travel as protobuf bytes. */
export type ParentMessage =
  | { type: 'init'; bundleCode: string; payloadConverterPath?: string; cachedRuns: number }
  | { type: 'task'; id: number; runId: string; workflowId: string; workflowType: string; reset: boolean; events: Uint8Array; localActivities?: LocalActivityAnswers }
  | { type: 'forget'; runId: string }
  | { type: 'close' };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'answer'; id: number; completed?: Uint8Array; failed?: Uint8Array; invented?: string[] }
  | { type: 'fatal'; message: string };
