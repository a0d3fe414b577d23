import type { SagaSpec, SignalEffect, WorkKind } from './spec';

/** What a step of the path is to the saga, by the spec. */
export type Role = 'forward' | 'undo' | 'finally' | 'read-only' | 'on-cancel';

/** A spec name stands for a step of the path: same name, and the kind the spec gives it (if it gives one). */
export function names(spec: Pick<SagaSpec, 'kinds'>, name: string, step: { name: string; kind: WorkKind }): boolean {
  if (step.name !== name) return false;
  const kind = spec.kinds?.[name];
  return kind === undefined || kind === step.kind;
}

/** The forward step a spec says this step undoes. */
export function undoneStep(spec: SagaSpec, step: { name: string; kind: WorkKind }): string | undefined {
  return Object.keys(spec.undo).find((forward) => names(spec, spec.undo[forward], step));
}

/** A step's role: an undo, a finally step, a read-only step, cleanup on cancel, or else a forward step (one the spec may not know). */
export function roleOf(spec: SagaSpec, step: { name: string; kind: WorkKind }): Role {
  if (undoneStep(spec, step) !== undefined) return 'undo';
  const listed = (list: string[] | undefined) => (list ?? []).some((name) => names(spec, name, step));
  if (listed(spec.finally)) return 'finally';
  if (listed(spec.readOnly)) return 'read-only';
  if (listed(spec.onCancel)) return 'on-cancel';
  return 'forward';
}

/** Whether a forward step needs an undo: not in noUndo, and a best-effort step only when the spec names its undo. */
export function needsUndo(spec: SagaSpec, step: { name: string; kind: WorkKind }): boolean {
  const listed = (list: string[] | undefined) => (list ?? []).some((name) => names(spec, name, step));
  if (listed(spec.noUndo)) return false;
  return !listed(spec.bestEffort) || Object.keys(spec.undo).some((forward) => names(spec, forward, step));
}

export function isBestEffort(spec: SagaSpec, step: { name: string; kind: WorkKind }): boolean {
  return (spec.bestEffort ?? []).some((name) => names(spec, name, step));
}

/** A signal's effect: as declared, an abort when not declared. */
export function signalEffect(spec: SagaSpec, signal: string): SignalEffect {
  return spec.signals?.[signal] ?? 'abort';
}

/** The stage (0 first) a forward step belongs to, or undefined. */
export function stageOf(spec: SagaSpec, step: string): number | undefined {
  const index = (spec.stages ?? []).findIndex((stage) => stage.includes(step));
  return index < 0 ? undefined : index;
}

/** What the JSON schema cannot say: a name in two roles, `order` with `stages`, a stage layout that leaves out a step with an undo. */
export function crossFieldProblems(spec: Partial<Omit<SagaSpec, 'file'>> & { undo: Record<string, string> }): string[] {
  const problems = (spec.noUndo ?? [])
    .filter((step) => step in spec.undo)
    .map((step) => `"${step}" is in both "undo" and "noUndo"`);
  const lists: Array<[string, string[]]> = [
    ['finally', spec.finally ?? []],
    ['readOnly', spec.readOnly ?? []],
    ['onCancel', spec.onCancel ?? []],
  ];
  const undos = new Set(Object.values(spec.undo));
  for (const [field, list] of lists) {
    for (const name of list) {
      if (name in spec.undo) problems.push(`"${name}" is a step with an undo and in "${field}"`);
      if (undos.has(name)) problems.push(`"${name}" is an undo and in "${field}"`);
    }
  }
  if (spec.stages) {
    if (spec.order !== undefined) problems.push('give "order" or "stages", not both');
    const placed = spec.stages.flat();
    for (const name of new Set(placed))
      if (placed.filter((p) => p === name).length > 1) problems.push(`"stages": "${name}" is in two stages`);
    for (const step of Object.keys(spec.undo))
      if (!placed.includes(step)) problems.push(`"stages": "${step}" has an undo but is in no stage`);
  }
  return problems;
}
