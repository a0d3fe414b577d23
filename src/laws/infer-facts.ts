import type { LoadedHistory } from '../model/history';
import type { Observation } from '../model/observation';
import type { HistoryResult } from '../model/results';
import { historySteps, isWorkStep, stepCompleted, stepKind, type ActivityStep } from '../steps/steps';
import { workOf } from './path';
import type { WorkKind } from './spec';

/** One recorded history of the workflow type: its steps, and its forward run (up to the first step that did not complete). */
export interface Run {
  name: string;
  steps: ActivityStep[];
  forward: ActivityStep[];
}

/** What one followed scenario says about the saga (any fault kind but those that change no outcome). */
export interface Followed {
  label: string;
  run: Run;
  faulted: ActivityStep;
  fault: string;
  kind: 'failure' | 'cancel' | 'signal';
  observation: Observation;
  /** Forward steps the workflow had started when the fault hit. */
  started: Set<string>;
  /** Forward steps that completed on the path; undefined where the path does not settle it for pairing (in flight at a cancel). */
  completed: Map<string, boolean | undefined>;
  /** Everything the workflow started after the fault, by name, in order. */
  ran: string[];
  /** The signals the recorded history had received before the fault (a rollback may already be due). */
  signalledBefore: string[];
  /** At a cancel: the forward step after the one in flight. An undo registered before it may run though it never started (the step in flight completed, the next undo was registered, the next step was cancelled before it began). */
  next?: string;
}

/** Faults that change no outcome (judged against the recorded path), and faults inside a rollback: they say nothing about pairing. */
const NOT_ABOUT_PAIRING = /^(retried-then-ok|worker-crash|nested:)/;

export function runsOf(workflowType: string, histories: LoadedHistory[]): Run[] {
  const all = histories
    .filter((h) => h.workflowType === workflowType)
    .map((history) => ({
      name: history.file.replace(/^.*[/\\]/, ''),
      steps: historySteps(history.events).filter(isWorkStep),
      completed: history.events.at(-1)?.workflowExecutionCompletedEventAttributes != null,
    }));
  // A run that completed shows which steps go forward: a rollback a signal or a cancel started
  // elsewhere (every step of it completed) ends the forward run where its first other step starts.
  const forwardNames = new Set(
    all.filter((run) => run.completed).flatMap((run) => run.steps.map((step) => step.activityType)),
  );
  return all.map(({ name, steps }) => {
    const end = steps.findIndex(
      (step) => (forwardNames.size > 0 && !forwardNames.has(step.activityType)) || !stepCompleted(step),
    );
    const forward = end < 0 ? steps : steps.slice(0, stepCompleted(steps[end]) ? end : end + 1);
    return { name, steps, forward };
  });
}

/** Every scenario of the runs that was followed to a close, faulted at a forward step (or at a wait or timer among them). */
export function followedScenarios(runs: Run[], histories: LoadedHistory[], results: HistoryResult[]): Followed[] {
  return runs.flatMap((run) => {
    const history = histories.find((h) => h.file.replace(/^.*[/\\]/, '') === run.name);
    const result = results.find((r) => r.file === history?.file);
    const all = history ? historySteps(history.events) : [];
    const last = run.forward.at(-1)?.index ?? 0;
    return (result?.scenarios ?? []).flatMap((scenario): Followed[] => {
      const observation = scenario.observed;
      const faulted = all.find((step) => step.index === scenario.step);
      if (
        !observation?.close ||
        observation.error ||
        !faulted ||
        faulted.index > last ||
        NOT_ABOUT_PAIRING.test(scenario.fault)
      )
        return [];
      const kind =
        scenario.fault === 'workflow-cancel' ? 'cancel' : scenario.fault.startsWith('signal:') ? 'signal' : 'failure';
      // Started together by one workflow task (a local activity's marker names the task it ended in, not one it started with others).
      const local = (step: ActivityStep) => stepKind(step) === 'local-activity';
      const sameTask = (step: ActivityStep) =>
        !local(step) &&
        !local(faulted) &&
        step.scheduledByTaskEventId !== undefined &&
        step.scheduledByTaskEventId === faulted.scheduledByTaskEventId;
      const started = run.forward.filter((step) => step.index <= faulted.index || sameTask(step));
      // A step in flight at the cancel that failed on record fails again after it: whether the workflow saw a cancellation or that failure first is not sure.
      if (
        kind === 'cancel' &&
        started.some((step) => step.index >= faulted.index && step.closeEventType === 'ActivityTaskFailed')
      )
        return [];
      const completedNow = (step: ActivityStep): boolean | undefined => {
        if (!started.includes(step)) return false;
        // In flight at a cancel: whether it completes is the question the laws answer, not evidence for pairing.
        if (step.index === faulted.index)
          return kind === 'failure' ? false : kind === 'cancel' ? undefined : stepCompleted(step);
        // A step started with the faulted one (in parallel) is answered after the fault: it completes, or fails again as it failed on record.
        return step.index < faulted.index ? stepCompleted(step) : step.closeEventType !== 'ActivityTaskFailed';
      };
      const completed = new Map<string, boolean | undefined>();
      for (const step of run.forward) {
        const [was, now] = [completed.get(step.activityType), completedNow(step)];
        completed.set(
          step.activityType,
          was === true || now === true ? true : was === undefined && completed.has(step.activityType) ? undefined : now,
        );
      }
      const ran = observation.tasks.flat().flatMap((command) => workOf(command)?.name ?? []);
      const signalledBefore = history!.events
        .slice(0, faulted.scheduledEventId)
        .flatMap((event) => event.workflowExecutionSignaledEventAttributes?.signalName ?? []);
      const next = kind === 'cancel' ? run.forward.find((step) => !started.includes(step))?.activityType : undefined;
      return [
        {
          label: `${run.name} step ${faulted.index} × ${scenario.fault}`,
          run,
          faulted,
          fault: scenario.fault,
          kind,
          observation,
          started: new Set(started.map((s) => s.activityType)),
          completed,
          ran,
          signalledBefore,
          ...(next ? { next } : {}),
        },
      ];
    });
  });
}

/** The kind of each name the runs and the followed paths show that is not an activity. */
export function kindsOf(runs: Run[], followed: Followed[]): Record<string, WorkKind> {
  const kinds: Record<string, WorkKind> = {};
  for (const step of runs.flatMap((run) => run.steps))
    if (stepKind(step) !== 'activity') kinds[step.activityType] = stepKind(step) as WorkKind;
  for (const command of followed.flatMap((f) => f.observation.tasks.flat())) {
    const work = workOf(command);
    if (work && work.kind !== 'activity') kinds[work.name] = work.kind;
  }
  return kinds;
}

/** The names the workflow starts in the last workflow task that starts any work. */
export function lastTaskNames(observation: Observation): string[] {
  const last = [...observation.tasks].reverse().find((task) => task.some((command) => workOf(command)));
  return (last ?? []).flatMap((command) => workOf(command)?.name ?? []);
}
