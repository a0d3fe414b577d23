import { isWorkStep, stepKind } from '../steps/steps';
import type { Followed, Run } from './infer-facts';
import type { CloseStatus, SagaSpec, SignalEffect } from './spec';

/** The rollback order: stages where forward steps ran in parallel (one workflow task started them), else reverse-sequential or parallel. */
export function orderNote(
  deciding: Followed[],
  runs: Run[],
  undo: Record<string, string>,
): { value: SagaSpec['order']; stages?: string[][]; note: string } {
  const stages = stagesOf(runs, undo);
  const undoOf = new Map(Object.entries(undo).map(([step, u]) => [u, step]));
  if (stages) {
    const stageOf = (name: string) => stages.findIndex((stage) => stage.includes(undoOf.get(name) ?? ''));
    const shown = deciding.filter((f) => stages.some((_, s) => f.ran.filter((name) => stageOf(name) === s).length > 1));
    const together = shown.filter((f) =>
      stages.every(
        (_, s) =>
          new Set(
            f.observation.tasks.flatMap((task, t) =>
              task.some((c) => 'activity' in c && stageOf(c.activity) === s) ? [t] : [],
            ),
          ).size <= 1,
      ),
    );
    const text = stages.map((stage) => `[${stage.join(', ')}]`).join(', ');
    const how =
      shown.length === 0
        ? 'unsure: no fault was followed by two undos of one stage'
        : `${together.length === shown.length ? 'sure' : 'unsure'}: the undos of one stage started together in ${together.length} of ${shown.length} scenarios`;
    return {
      value: 'parallel',
      stages,
      note: `stages: ${text}  ${how} (forward steps one workflow task started are a stage)`,
    };
  }
  return orderOf(deciding, new Map([...undoOf].map(([u, step]) => [u, orderedSteps(runs).indexOf(step)])));
}

function orderedSteps(runs: Run[]): string[] {
  return [...new Set(runs.flatMap((run) => run.forward.map((step) => step.activityType)))];
}

/** Forward steps with an undo, grouped by the workflow task that started them, when some task started more than one. */
function stagesOf(runs: Run[], undo: Record<string, string>): string[][] | undefined {
  const longest = [...runs].sort((a, b) => b.forward.length - a.forward.length)[0];
  if (!longest) return undefined;
  const groups: string[][] = [];
  let task: number | undefined;
  for (const step of longest.forward.filter((s) => isWorkStep(s) && s.activityType in undo)) {
    // A local activity's marker names the task it ended in, not one it started with others: a stage of its own.
    const local = stepKind(step) === 'local-activity';
    if (task !== undefined && !local && step.scheduledByTaskEventId === task)
      groups[groups.length - 1].push(step.activityType);
    else groups.push([step.activityType]);
    task = local ? undefined : step.scheduledByTaskEventId;
  }
  return groups.some((group) => group.length > 1) ? groups.map((group) => [...new Set(group)]) : undefined;
}

function orderOf(followed: Followed[], undoneStep: Map<string, number>): { value: SagaSpec['order']; note: string } {
  const undosIn = (task: Followed['observation']['tasks'][number]) =>
    task.filter((c) => 'activity' in c && undoneStep.has(c.activity)).length;
  const several = followed.filter((f) => f.observation.tasks.reduce((n, task) => n + undosIn(task), 0) > 1);
  if (several.length === 0)
    return {
      value: 'reverse-sequential',
      note: 'order: reverse-sequential  unsure: no fault was followed by two undos or more; reverse-sequential is the default, review it',
    };
  const together = several.filter((f) => f.observation.tasks.some((task) => undosIn(task) > 1));
  if (together.length === 0) {
    // One undo per task is not yet the order: the last completed step must be undone first.
    const places = (f: Followed) =>
      f.observation.tasks
        .flat()
        .flatMap((c) => ('activity' in c && undoneStep.has(c.activity) ? [undoneStep.get(c.activity)!] : []));
    const otherOrder = several.filter((f) => places(f).some((place, i, all) => i > 0 && place > all[i - 1]));
    if (otherOrder.length === 0)
      return {
        value: 'reverse-sequential',
        note: `order: reverse-sequential  sure: one undo per workflow task, the last completed step first, in ${several.length} of ${several.length} scenarios with two undos or more`,
      };
    return {
      value: 'reverse-sequential',
      note: `order: reverse-sequential  unsure: ${otherOrder.length} of ${several.length} scenarios undo a step before one completed after it: ${otherOrder.map((f) => f.label).join('; ')}`,
    };
  }
  const sure =
    together.length === several.length &&
    several.every((f) => f.observation.tasks.filter((task) => undosIn(task) > 0).length === 1);
  return {
    value: 'parallel',
    note: `order: parallel  ${sure ? 'sure: ' : 'unsure: '}${together.length} of ${several.length} start undos together: ${together.map((f) => f.label).join('; ')}`,
  };
}

/** The close after a rollback, and the fault kinds after which the workflow closes otherwise every time (`closeOn`). */
export function closeNotes(
  followed: Followed[],
  rolledBack: (f: Followed) => boolean,
  signals: Record<string, SignalEffect>,
): { value: CloseStatus; closeOn: Record<string, CloseStatus>; note: string } {
  const rollbacks = followed.filter(rolledBack);
  const status = (f: Followed) => (f.observation.close?.status ?? 'failed') as CloseStatus;
  const failures = rollbacks.filter((f) => f.kind === 'failure');
  const counts = new Map<CloseStatus, number>();
  for (const f of failures.length ? failures : rollbacks) counts.set(status(f), (counts.get(status(f)) ?? 0) + 1);
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const value = best?.[0] ?? 'failed';
  // A cancel closes canceled, unless a rollback was already due (a signal recorded before it).
  const expected = (f: Followed) => (f.kind === 'cancel' && !abortDue(f, signals) ? 'canceled' : value);
  const closeOn: Record<string, CloseStatus> = {};
  for (const fault of new Set(rollbacks.map((f) => f.fault))) {
    const these = rollbacks.filter((f) => f.fault === fault);
    const statuses = new Set(these.map(status));
    if (statuses.size === 1 && status(these[0]) !== expected(these[0])) closeOn[fault] = status(these[0]);
  }
  const disagree = rollbacks
    .filter((f) => status(f) !== (closeOn[f.fault] ?? expected(f)))
    .map((f) => `${f.label} ${status(f)}`);
  const on = Object.entries(closeOn).map(([fault, s]) => `${fault} ${s}`);
  const how = `${disagree.length ? 'unsure' : 'sure'}: ${best?.[1] ?? 0} of ${(failures.length ? failures : rollbacks).length}`;
  return {
    value,
    closeOn,
    note: `close: ${value}  ${how}${on.length ? `; closeOn: ${on.join(', ')}` : ''}${disagree.length ? `; disagree: ${disagree.join('; ')}` : ''}`,
  };
}

/** What each signal the faults sent did: an abort (at every step, or until a step), or nothing. */
export function signalNotes(
  followed: Followed[],
  rolledBack: (f: Followed) => boolean,
  runs: Run[],
): { value: Record<string, SignalEffect>; notes: string[] } {
  const value: Record<string, SignalEffect> = {};
  const notes: string[] = [];
  const forward = new Set(runs.flatMap((run) => run.forward.map((step) => step.activityType)));
  for (const name of [
    ...new Set(followed.filter((f) => f.kind === 'signal').map((f) => f.fault.slice('signal:'.length))),
  ]) {
    // Where a step after it failed on record, that failure rolls back as it did: the signal's own effect is not seen.
    const failsLater = (f: Followed) =>
      f.run.forward.some((step) => step.index >= f.faulted.index && step.closeEventType === 'ActivityTaskFailed');
    const at = followed
      .filter((f) => f.fault === `signal:${name}` && f.signalledBefore.length === 0 && !failsLater(f))
      .sort((a, b) => a.faulted.index - b.faulted.index);
    const aborted = at.filter(rolledBack);
    const ignoredFrom = at.findIndex((f) => !rolledBack(f));
    const monotone = ignoredFrom < 0 || at.slice(ignoredFrom).every((f) => !rolledBack(f));
    if (aborted.length === 0) {
      value[name] = 'continue';
      notes.push(`signals: ${name} continue  sure: no rollback after it in ${at.length} of ${at.length} scenarios`);
    } else if (ignoredFrom < 0 || !monotone || !isWorkStep(at[ignoredFrom].faulted)) {
      value[name] = 'abort';
      const late = aborted.filter((f) => f.ran.some((r) => forward.has(r)));
      const why =
        !monotone || ignoredFrom >= 0
          ? `unsure: it rolls back in ${aborted.length} of ${at.length} scenarios`
          : late.length
            ? `unsure: forward steps ran after it before the rollback in ${late.length} scenarios (it is checked later)`
            : `sure: a rollback at once in ${at.length} of ${at.length} scenarios`;
      notes.push(`signals: ${name} abort  ${why}`);
    } else {
      const step = at[ignoredFrom].faulted.activityType;
      value[name] = { abortsBefore: step };
      notes.push(
        `signals: ${name} aborts before ${step}  sure: a rollback when it came earlier (${aborted.length}), none from ${step} on (${at.length - ignoredFrom})`,
      );
    }
  }
  return { value, notes };
}

/** A signal recorded before the fault that the saga takes as an abort (not declared `continue`): a rollback was already due. */
export function abortDue(f: Followed, signals: Record<string, SignalEffect>): boolean {
  return f.signalledBefore.some((name) => signals[name] !== 'continue');
}
