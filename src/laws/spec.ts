import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a correct rollback of one workflow type does (docs/saga-spec.schema.json). */
export interface SagaSpec {
  workflowType: string;
  /** Forward step (activity type) → the activity that undoes it. */
  undo: Record<string, string>;
  /** Forward steps that need no undo (reads, notifications). */
  noUndo: string[];
  /** Activities that run once the undos are done (e.g. mark the record failed). */
  finally: string[];
  /**
   * True when each step's undo is registered before the step runs, so the step that failed is
   * undone too (its undo must be safe for a step that never ran); false (the default): only
   * completed steps are undone.
   */
  undoFailedStep: boolean;
  /** `reverse-sequential`: one undo at a time, last completed first; `parallel`: all started together, any order. */
  order: 'reverse-sequential' | 'parallel';
  /** How the workflow closes after a fault. */
  close: 'failed' | 'completed' | 'canceled' | 'continued-as-new';
  /** The file it was read from, for messages. */
  file: string;
}

export const SPEC_SUFFIX = '.saga.json';
const ORDERS = ['reverse-sequential', 'parallel'] as const;
const CLOSES = ['failed', 'completed', 'canceled', 'continued-as-new'] as const;
const KEYS = ['$schema', 'workflowType', 'undo', 'noUndo', 'finally', 'undoFailedStep', 'order', 'close'];

/** `histories/x/happy.json` of provisionTenant → `histories/x/provisionTenant.saga.json`. */
export function specPathBeside(historyFile: string, workflowType: string): string {
  return join(dirname(historyFile), `${workflowType}${SPEC_SUFFIX}`);
}

export type SpecLoad = { spec: SagaSpec; problems: [] } | { spec?: undefined; problems: string[] };

/** Reads and checks a spec file: every problem is one line naming the file; a spec with any problem is not used. */
export function readSpec(file: string): SpecLoad {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { problems: [`${file}: saga spec is not valid JSON (${(err as Error).message})`] };
  }
  const problems = specProblems(json).map((problem) => `${file}: saga spec: ${problem}`);
  if (problems.length > 0) return { problems };
  const value = json as Omit<SagaSpec, 'file'>;
  return {
    spec: {
      workflowType: value.workflowType,
      undo: value.undo,
      noUndo: value.noUndo ?? [],
      finally: value.finally ?? [],
      undoFailedStep: value.undoFailedStep ?? false,
      order: value.order ?? 'reverse-sequential',
      close: value.close ?? 'failed',
      file,
    },
    problems: [],
  };
}

export function specProblems(json: unknown): string[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return ['must be a JSON object'];
  const value = json as Record<string, unknown>;
  const problems = Object.keys(value).filter((key) => !KEYS.includes(key)).map((key) => `unknown field "${key}" (known: ${KEYS.slice(1).join(', ')})`);
  if (typeof value.workflowType !== 'string' || value.workflowType === '') problems.push('"workflowType" must be a non-empty string');
  const undo = value.undo;
  if (!undo || typeof undo !== 'object' || Array.isArray(undo)) problems.push('"undo" must be an object: { "forwardStep": "undoActivity" }');
  else for (const [step, activity] of Object.entries(undo)) if (typeof activity !== 'string' || activity === '') problems.push(`"undo"."${step}" must name an activity`);
  for (const key of ['noUndo', 'finally']) {
    const list = value[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === ''))) problems.push(`"${key}" must be a list of activity names`);
  }
  if (value.undoFailedStep !== undefined && typeof value.undoFailedStep !== 'boolean') problems.push('"undoFailedStep" must be true or false');
  if (value.order !== undefined && !ORDERS.includes(value.order as never)) problems.push(`"order" must be one of ${ORDERS.join(', ')}`);
  if (value.close !== undefined && !CLOSES.includes(value.close as never)) problems.push(`"close" must be one of ${CLOSES.join(', ')}`);
  if (problems.length > 0) return problems;
  const undos = Object.keys(undo as object);
  for (const step of (value.noUndo as string[] | undefined) ?? []) if (undos.includes(step)) problems.push(`"${step}" is in both "undo" and "noUndo"`);
  return problems;
}

/**
 * The spec of each workflow type, found beside each history (or the one given with --spec).
 * Problems (bad files, a --spec for another workflow type) are one line each.
 */
export function specsFor(histories: Array<{ file: string; workflowType: string }>, given: string | undefined, problems: string[]): Map<string, SagaSpec> {
  const byHistory = new Map<string, SagaSpec>();
  const read = new Map<string, SpecLoad>();
  for (const history of histories) {
    const file = given ?? specPathBeside(history.file, history.workflowType);
    if (!given && !existsSync(file)) continue;
    if (!read.has(file)) {
      const loaded: SpecLoad = existsSync(file) ? readSpec(file) : { problems: [`${file}: no such saga spec file`] };
      problems.push(...loaded.problems);
      read.set(file, loaded);
    }
    const spec = read.get(file)?.spec;
    if (!spec) continue;
    if (spec.workflowType !== history.workflowType) {
      problems.push(`${file}: saga spec is for workflow type ${spec.workflowType}, not ${history.file} (${history.workflowType}): not used for it`);
      continue;
    }
    byHistory.set(history.file, spec);
  }
  return byHistory;
}
