import type { History, HistoryEvent } from '../history/events';

/** A history file loaded, checked and ready to rewrite. */
export interface LoadedHistory {
  /** The file as given (relative to the working directory), used in every message and report. */
  file: string;
  /** The file name without `.json` (or `.bin`, `.pb`, `.gz`), which names its golden file. */
  name: string;
  history: History;
  events: HistoryEvent[];
  workflowType: string;
  workflowId: string;
  /** False when the history does not carry its workflow id (the time-skipping server writes none): then `workflowId` is made up. */
  workflowIdRecorded: boolean;
  runId: string;
  /** 0 for the first history loaded of its run; 1, 2… for copies of the same run (same workflow and run id) loaded after it. */
  copy: number;
  /** How the file was read ('gunzip, UTF-16 LE', 'binary protobuf', 'newest-first, reversed'), '' for plain JSON. */
  format: string;
}
