import { SPEC_SUFFIX } from '../model/files';
import type { Problem } from '../model/problem';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { safeFileName } from '../util/file-name';
import { crossFieldProblems } from './spec-roles';

/** The kinds of work a spec names: a step or an undo is one of them (an activity unless `kinds` says otherwise). */
export type WorkKind = 'activity' | 'local-activity' | 'child-workflow';

/** How a close is named in a spec. */
export type CloseStatus = 'failed' | 'completed' | 'canceled' | 'continued-as-new';

/**
 * What a signal does to the saga: `abort` rolls it back at once (no forward step after it);
 * `continue` changes no outcome (no rollback); `{ abortsBefore: step }` rolls it back if it arrives
 * before that step starts, at the point the workflow checks it (forward steps may start until the
 * rollback does), and is ignored once the step has started (a cancel window).
 */
export type SignalEffect = 'abort' | 'continue' | { abortsBefore: string };

/** What a correct rollback of one workflow type does (docs/saga-spec.schema.json). */
export interface SagaSpec {
  workflowType: string;
  /** Forward step → the step that undoes it (activity, local activity or child workflow names). */
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
  close: CloseStatus;
  /** The file it was read from, for messages. */
  file: string;
  /** The kind of a step or undo that is not an activity; a name not listed matches a step of any kind. */
  kinds?: Record<string, WorkKind>;
  /** Steps that only read (a status check): no undo, not a forward step, may run during the rollback. */
  readOnly?: string[];
  /** Forward steps whose failure the saga swallows: a fault at one starts no rollback. */
  bestEffort?: string[];
  /** Cleanup that runs when the workflow is cancelled, and only then. */
  onCancel?: string[];
  /** What each signal does (a signal not listed is an abort). */
  signals?: Record<string, SignalEffect>;
  /** Forward steps by stage, in forward order: a stage's undos start together, stages are undone last first (instead of `order`). */
  stages?: string[][];
  /** The close after a given fault kind (`child-failed`, or a family: `signal`, `activity-timeout`), where it differs from `close`. */
  closeOn?: Record<string, CloseStatus>;
}

/** `histories/x/happy.json` of provisionTenant → `histories/x/provisionTenant.saga.json` (a type that is no file name, made one: it stays in that folder). */
export function specPathBeside(historyFile: string, workflowType: string): string {
  return join(dirname(historyFile), `${safeFileName(workflowType)}${SPEC_SUFFIX}`);
}

export type SpecLoad = { spec: SagaSpec; problems: [] } | { spec?: undefined; problems: Problem[] };

/** Reads and checks a spec file: every problem is one line naming the file; a spec with any problem is not used. */
export function readSpec(file: string): SpecLoad {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { problems: [{ kind: 'spec', file, message: `saga spec is not valid JSON (${(err as Error).message})` }] };
  }
  const problems = specProblems(json).map((problem): Problem => ({
    kind: 'spec',
    file,
    message: `saga spec: ${problem}`,
  }));
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
      kinds: value.kinds ?? {},
      readOnly: value.readOnly ?? [],
      bestEffort: value.bestEffort ?? [],
      onCancel: value.onCancel ?? [],
      signals: value.signals ?? {},
      ...(value.stages ? { stages: value.stages } : {}),
      closeOn: value.closeOn ?? {},
    },
    problems: [],
  };
}

/**
 * The problems of a parsed spec: checked against docs/saga-spec.schema.json by ajv, one line per
 * problem naming the field (`"order" must be one of: reverse-sequential, parallel`), then what
 * the schema cannot say (a name in two roles, a stage naming no forward step).
 */
export function specProblems(json: unknown): string[] {
  const { validate } = schema();
  if (!validate(json)) return (validate.errors ?? []).map(problemLine);
  return crossFieldProblems(json as Partial<Omit<SagaSpec, 'file'>> & { undo: Record<string, string> });
}

let compiled: { validate: ValidateFunction; fields: string[] } | undefined;

function schema(): { validate: ValidateFunction; fields: string[] } {
  if (!compiled) {
    const json = JSON.parse(readFileSync(schemaFile(), 'utf8')) as { properties: Record<string, unknown> };
    compiled = {
      validate: new Ajv2020({ allErrors: true, strict: true }).compile(json),
      fields: Object.keys(json.properties).filter((key) => key !== '$schema'),
    };
  }
  return compiled;
}

/** docs/saga-spec.schema.json of this package, from src/laws (ts-node) or lib/src/laws (built). */
function schemaFile(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'docs', 'saga-spec.schema.json');
    if (existsSync(file)) return file;
  }
  throw new Error(`docs/saga-spec.schema.json not found above ${__dirname}`);
}

/** `/undo/a` → `"undo"."a"`; the whole spec → `the spec`. */
function fieldName(path: string): string {
  return path === ''
    ? 'the spec'
    : path
        .slice(1)
        .split('/')
        .map((part) => `"${part.replace(/~1/g, '/').replace(/~0/g, '~')}"`)
        .join('.');
}

function problemLine(error: ErrorObject): string {
  const field = fieldName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${field === 'the spec' ? '' : `${field}: `}unknown field "${String(params.additionalProperty)}" (known: ${schema().fields.join(', ')})`;
    case 'required':
      return `missing field "${String(params.missingProperty)}"`;
    case 'enum':
      return `${field} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    default:
      return `${field} ${error.message ?? 'is not valid'}`;
  }
}

/**
 * The spec of each workflow type, found beside each history (or the one given with --spec).
 * Problems (bad files, a --spec for another workflow type) are one line each.
 */
export function specsFor(
  histories: Array<{ file: string; workflowType: string }>,
  given: string | undefined,
  problems: Problem[],
): Map<string, SagaSpec> {
  const byHistory = new Map<string, SagaSpec>();
  const read = new Map<string, SpecLoad>();
  for (const history of histories) {
    const file = given ?? specPathBeside(history.file, history.workflowType);
    if (!given && !existsSync(file)) continue;
    if (!read.has(file)) {
      const loaded: SpecLoad = existsSync(file)
        ? readSpec(file)
        : { problems: [{ kind: 'spec', file, message: 'no such saga spec file' }] };
      problems.push(...loaded.problems);
      read.set(file, loaded);
    }
    const spec = read.get(file)?.spec;
    if (!spec) continue;
    if (spec.workflowType !== history.workflowType) {
      problems.push({
        kind: 'spec',
        file,
        message: `saga spec is for workflow type ${spec.workflowType}, not ${history.file} (${history.workflowType}): not used for it`,
      });
      continue;
    }
    byHistory.set(history.file, spec);
  }
  return byHistory;
}
