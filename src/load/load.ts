import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { EventType, History, HistoryEvent, idOf, startedAttributes } from '../history/events';
import { HistoryProblem, validateEvents } from './validate';
import { GOLDEN_SUFFIX } from '../judge/golden';
import { SPEC_SUFFIX } from '../laws/spec';
import { firstLine } from '../util/load-module';

export interface LoadedHistory {
  /** The file as given (relative to the working directory), used in every message and report. */
  file: string;
  /** The file name without `.json`, which names its golden file. */
  name: string;
  history: History;
  events: HistoryEvent[];
  workflowType: string;
  workflowId: string;
  runId: string;
}

export interface LoadResult {
  histories: LoadedHistory[];
  problems: HistoryProblem[];
}

/** Loads every history named (files, or folders searched recursively for `*.json`), in a stable order. */
export function loadHistories(paths: string[]): LoadResult {
  const result: LoadResult = { histories: [], problems: [] };
  for (const dir of paths.filter((path) => isDirectory(path) && jsonFilesUnder(path).length === 0)) {
    result.problems.push(new HistoryProblem(dir, 'no history files (*.json) in this folder'));
  }
  for (const file of historyFiles(paths)) {
    try {
      result.histories.push(loadHistoryFile(file));
    } catch (err) {
      result.problems.push(err instanceof HistoryProblem ? err : new HistoryProblem(file, firstLine(err)));
    }
  }
  return result;
}

/** The files to load, named as the user named them (a folder's files joined onto the folder as given). */
export function historyFiles(paths: string[]): string[] {
  return [...new Set(paths.flatMap((path) => (isDirectory(path) ? jsonFilesUnder(path) : [path])))].sort();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return jsonFilesUnder(path);
      // Golden files and saga specs sit beside the histories; they are not histories.
      return entry.name.endsWith('.json') && !entry.name.endsWith(GOLDEN_SUFFIX) && !entry.name.endsWith(SPEC_SUFFIX) ? [path] : [];
    });
}

export function loadHistoryFile(file: string): LoadedHistory {
  const json = parseJson(file);
  checkEventTypes(file, json);
  let history: History;
  try {
    history = historyFromJSON(json);
  } catch (err) {
    throw new HistoryProblem(file, `not a Temporal history: ${firstLine(err)}`);
  }
  const events = history.events ?? [];
  validateEvents(file, events);
  const started = startedAttributes(history)!;
  const workflowType = started.workflowType?.name;
  if (!workflowType) throw new HistoryProblem(file, 'WorkflowExecutionStarted names no workflow type', 1);
  return {
    file,
    name: basename(file).replace(/\.json$/, ''),
    history,
    events,
    workflowType,
    workflowId: started.workflowId || `${workflowType}-${basename(file)}`,
    runId: started.originalExecutionRunId || started.firstExecutionRunId || '',
  };
}

function parseJson(file: string): { events: Array<Record<string, unknown>> } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HistoryProblem(file, `cannot read: ${firstLine(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HistoryProblem(file, jsonErrorReason(text, err));
  }
  const events = (json as { events?: unknown })?.events;
  if (!Array.isArray(events)) throw new HistoryProblem(file, 'not a history: no "events" array at the top level');
  return json as { events: Array<Record<string, unknown>> };
}

function jsonErrorReason(text: string, err: unknown): string {
  if (text.trim() === '') return 'the file is empty';
  const message = (err as Error).message.replace(/\s+/g, ' ');
  if (/Unexpected end of JSON input/.test(message)) return 'not valid JSON: the file ends early (truncated?)';
  return `not valid JSON: ${message.length > 100 ? `${message.slice(0, 100)}…` : message}`;
}

/** historyFromJSON ignores what it does not know; an unknown event type must not pass unseen. */
function checkEventTypes(file: string, json: { events: Array<Record<string, unknown>> }): void {
  json.events.forEach((event, index) => {
    const type = event?.eventType;
    const id = idOf(event?.eventId as string | undefined) || index + 1;
    if (typeof type !== 'string') throw new HistoryProblem(file, 'no eventType', id);
    const constant = type.startsWith('EVENT_TYPE_') ? type : `EVENT_TYPE_${type.replace(/(?<!^)([A-Z])/g, '_$1').toUpperCase()}`;
    if (!(constant in EventType) || constant === 'EVENT_TYPE_UNSPECIFIED') {
      throw new HistoryProblem(file, `unknown event type ${type}`, id);
    }
  });
}
