import { SPEC_SUFFIX } from '../model/files';
import type { Problem } from '../model/problem';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { safeFileName } from '../util/file-name';

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
  const problems = specProblems(json).map((problem): Problem => ({ kind: 'spec', file, message: `saga spec: ${problem}` }));
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

/**
 * The problems of a parsed spec: checked against docs/saga-spec.schema.json by ajv, one line per
 * problem naming the field (`"order" must be one of: reverse-sequential, parallel`), then what
 * the schema cannot say (a step both in "undo" and "noUndo").
 */
export function specProblems(json: unknown): string[] {
  const { validate } = schema();
  if (!validate(json)) return (validate.errors ?? []).map(problemLine);
  const value = json as { undo: Record<string, string>; noUndo?: string[] };
  return (value.noUndo ?? []).filter((step) => step in value.undo).map((step) => `"${step}" is in both "undo" and "noUndo"`);
}

let compiled: { validate: ValidateFunction; fields: string[] } | undefined;

function schema(): { validate: ValidateFunction; fields: string[] } {
  if (!compiled) {
    const json = JSON.parse(readFileSync(schemaFile(), 'utf8')) as { properties: Record<string, unknown> };
    compiled = { validate: new Ajv2020({ allErrors: true, strict: true }).compile(json), fields: Object.keys(json.properties).filter((key) => key !== '$schema') };
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
  return path === '' ? 'the spec' : path.slice(1).split('/').map((part) => `"${part.replace(/~1/g, '/').replace(/~0/g, '~')}"`).join('.');
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
export function specsFor(histories: Array<{ file: string; workflowType: string }>, given: string | undefined, problems: Problem[]): Map<string, SagaSpec> {
  const byHistory = new Map<string, SagaSpec>();
  const read = new Map<string, SpecLoad>();
  for (const history of histories) {
    const file = given ?? specPathBeside(history.file, history.workflowType);
    if (!given && !existsSync(file)) continue;
    if (!read.has(file)) {
      const loaded: SpecLoad = existsSync(file) ? readSpec(file) : { problems: [{ kind: 'spec', file, message: 'no such saga spec file' }] };
      problems.push(...loaded.problems);
      read.set(file, loaded);
    }
    const spec = read.get(file)?.spec;
    if (!spec) continue;
    if (spec.workflowType !== history.workflowType) {
      problems.push({ kind: 'spec', file, message: `saga spec is for workflow type ${spec.workflowType}, not ${history.file} (${history.workflowType}): not used for it` });
      continue;
    }
    byHistory.set(history.file, spec);
  }
  return byHistory;
}
