import type { HistoryEvent } from '../history/events';
import { historySteps, isWorkStep, stepKind, type ActivityStep, type StepKind } from '../steps/steps';
import { activityFailed } from './activity-failed';
import { CHILD_FAULTS } from './child-faults';
import type { FaultKind } from './fault';
import { localActivityFailed } from './local-activity-failed';

export const NESTED_PREFIX = 'nested:';

/** What makes a kind nested: the fault a compensation meets, and (once the path is known) which compensation. */
export interface NestedFault {
  /** The fault the compensation meets: a kind that can fail any activity (`failActivity`), child workflow (`failChild`) or local activity. */
  inner: FaultKind;
  /**
   * The compensation: the `ordinal`-th work started after the first fault (1-based), an activity, child
   * workflow or local activity of `activityType`, the `rank`-th (1-based) of its kind and type on the path.
   */
  compensation?: Compensation;
}

export interface Compensation {
  ordinal: number;
  activityType: string;
  kind: StepKind;
  rank: number;
}

/** The first fault at each kind of step: the step fails (an activity, a child workflow, a local activity). */
const FIRST_FAULTS: Partial<Record<StepKind, FaultKind>> = {
  activity: activityFailed,
  'child-workflow': CHILD_FAULTS.find((kind) => kind.name === 'child-failed'),
  'local-activity': localActivityFailed,
};

/** The fault that fails this step first (`activity-failed`, `child-failed`, `local-activity-failed`). */
export function firstFaultAt(step: ActivityStep): FaultKind {
  return FIRST_FAULTS[stepKind(step)]!;
}

/**
 * `nested:<fault>`: the step fails (`activity-failed`, `child-failed` or `local-activity-failed`,
 * by its kind), and on the path that follows, one activity scheduled after that first fault (an undo
 * or a finally step: a compensation) meets `<fault>` instead of its completion. Planned once per
 * step; when the first fault's path has closed, it becomes one scenario per compensation
 * (../continue/follow-nested.ts), each labelled `nested:<fault>@<ordinal>:<activityType>` in reports
 * and golden files.
 */
export function nestedKind(inner: FaultKind): FaultKind & { nested: NestedFault } {
  const code =
    inner.code ??
    inner.name
      .split(/[-:]+/)
      .map((word) => word[0].toUpperCase())
      .join('');
  return {
    name: `${NESTED_PREFIX}${inner.name}`,
    code: `N${code}`,
    stepKinds: Object.keys(FIRST_FAULTS) as StepKind[],
    notApplicable: (step, history) => firstFaultAt(step).notApplicable(step, history),
    inject: (step, history) => firstFaultAt(step).inject(step, history),
    // At an activity step the first fault persists (the workflow calling it again meets it again); at a local activity step the worker fails it.
    failActivity: activityFailed.failActivity,
    failsLocalActivity: true,
    nested: { inner },
  };
}

/** The same kind at one compensation: its label names the compensation's ordinal and type. */
export function atCompensation(kind: FaultKind & { nested: NestedFault }, compensation: Compensation): FaultKind {
  return {
    ...kind,
    name: `${kind.name}@${compensation.ordinal}:${compensation.activityType}`,
    nested: { ...kind.nested, compensation },
  } as FaultKind;
}

/** `nested:activity-failed@2:dropTenantSchema` → `nested:activity-failed`: the matrix column (and registry kind) of a label. */
export function kindOfLabel(label: string): string {
  if (!label.startsWith(NESTED_PREFIX)) return label;
  const at = label.lastIndexOf('@');
  return at < 0 ? label : label.slice(0, at);
}

/** The compensation's ordinal a label names (0: none). */
export function ordinalOfLabel(label: string): number {
  if (!label.startsWith(NESTED_PREFIX)) return 0;
  const match = /@(\d+):[^@]*$/.exec(label);
  return match ? Number(match[1]) : 0;
}

/**
 * The work started after the first fault (events past `afterEventId`), in order: the compensations
 * (activities, child workflows, local activities), each with its rank among the work of its kind
 * and type on the whole path (what identifies it again when the path is followed once more).
 */
export function compensationSteps(
  path: HistoryEvent[],
  afterEventId: number,
  faulted: ActivityStep,
): Array<{ step: ActivityStep; compensation: Compensation }> {
  const work = historySteps(path).filter(isWorkStep);
  const ranks = new Map<string, number>();
  const ranked = work.map((step) => {
    const key = `${stepKind(step)} ${step.activityType}`;
    ranks.set(key, (ranks.get(key) ?? 0) + 1);
    return { step, rank: ranks.get(key)! };
  });
  // A local activity step fails live, after the rewrite: its own marker is the fault, not a compensation.
  const sameWork = (step: ActivityStep) =>
    stepKind(step) === stepKind(faulted) && step.activityType === faulted.activityType;
  const faultedRank =
    ranked.filter(({ step }) => sameWork(step) && step.scheduledEventId < faulted.scheduledEventId).length + 1;
  const isFaulted = ({ step, rank }: { step: ActivityStep; rank: number }) => sameWork(step) && rank === faultedRank;
  return ranked
    .filter((entry) => entry.step.scheduledEventId > afterEventId && !isFaulted(entry))
    .map(({ step, rank }, index) => ({
      step,
      compensation: { ordinal: index + 1, activityType: step.activityType, kind: stepKind(step), rank },
    }));
}
