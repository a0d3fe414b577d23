import { basename } from 'node:path';
import type { HistoryEvent } from '../history/events';
import type { LoadedHistory } from '../model/history';
import { idOf, startedAttributes } from '../history/events';
import { historyFromJsonValue } from './json-history';
import { HistoryProblem } from './problem';
import { DEFAULT_MAX_HISTORY_MIB, readBytes, unpack } from './read';
import { validateEvents, ValidateOptions } from './validate';
import { historyStem, walkHistories } from './walk';
import { firstLine } from '../util/load-module';
import { relinkTestServerEvents } from './test-server-links';

export interface LoadResult {
  histories: LoadedHistory[];
  problems: HistoryProblem[];
}

export interface LoadOptions extends ValidateOptions {
  /** The largest history read, in MiB once unpacked (default DEFAULT_MAX_HISTORY_MIB). */
  maxHistoryMib?: number;
}

/**
 * Loads every history named (files, or folders walked recursively), in a stable order. Each file
 * that cannot be used is one problem naming it (and the event, where one is at fault); the rest load.
 */
export function loadHistories(paths: string[], options: LoadOptions = {}): LoadResult {
  const { files, problems } = walkHistories(paths);
  const result: LoadResult = { histories: [], problems: [...problems] };
  const copies = new Map<string, number>();
  for (const file of files) {
    try {
      const history = loadHistoryFile(file, options);
      const run = JSON.stringify([history.workflowId, history.runId]);
      history.copy = copies.get(run) ?? 0;
      copies.set(run, history.copy + 1);
      result.histories.push(history);
    } catch (err) {
      result.problems.push(
        err instanceof HistoryProblem ? err : new HistoryProblem(file, `cannot load: ${firstLine(err)}`),
      );
    }
  }
  result.problems.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return result;
}

/** The files `loadHistories` would load, in its order (folders walked, duplicates once). */
export function historyFiles(paths: string[]): string[] {
  return walkHistories(paths).files;
}

export function loadHistoryFile(file: string, options: LoadOptions = {}): LoadedHistory {
  const maxMib = options.maxHistoryMib ?? DEFAULT_MAX_HISTORY_MIB;
  const content = unpack(file, readBytes(file, maxMib), maxMib);
  const history =
    'history' in content
      ? content.history
      : historyFromJsonValue(file, parseJson(file, content.text, content.unpacked));
  const newestFirst = isNewestFirst(history.events ?? []);
  if (newestFirst) history.events!.reverse();
  const events = history.events ?? [];
  validateEvents(file, events, options);
  const relinked = relinkTestServerEvents(events);
  const started = startedAttributes(history)!;
  const workflowType = started.workflowType?.name;
  if (!workflowType) throw new HistoryProblem(file, 'WorkflowExecutionStarted names no workflow type', 1);
  return {
    file,
    name: historyStem(basename(file)),
    history,
    events,
    workflowType,
    workflowId: started.workflowId || `${workflowType}-${basename(file)}`,
    workflowIdRecorded: Boolean(started.workflowId),
    runId: started.originalExecutionRunId || started.firstExecutionRunId || '',
    copy: 0,
    format: [
      content.unpacked,
      newestFirst ? 'newest-first, reversed' : '',
      relinked ? 'commands linked to WorkflowTaskStarted (time-skipping server), relinked' : '',
    ]
      .filter(Boolean)
      .join(', '),
  };
}

/** `temporal workflow show --reverse` writes ids n, n-1, ..., 1: the same history, newest first. */
function isNewestFirst(events: HistoryEvent[]): boolean {
  return events.length > 1 && events.every((event, index) => idOf(event.eventId) === events.length - index);
}

function parseJson(file: string, text: string, unpacked: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HistoryProblem(file, jsonErrorReason(text, err, unpacked));
  }
}

function jsonErrorReason(text: string, err: unknown, unpacked: string): string {
  const after = unpacked ? ` (after ${unpacked})` : '';
  if (text.trim() === '') return `the file is empty${after}`;
  const message = (err as Error).message.replace(/\s+/g, ' ');
  if (/Unexpected end of JSON input|Unterminated string/.test(message))
    return `not valid JSON${after}: the file ends early (truncated?)`;
  return `not valid JSON${after}: ${message.length > 100 ? `${message.slice(0, 100)}…` : message}`;
}
