import type { PayloadConverter } from '@temporalio/common';
import { notApplicableAt } from '../faults/fault';
import { HistoryBuilder } from '../history/builder';
import { outcomeOfReplayError } from '../model/outcome';
import type { Observation } from '../model/observation';
import { scenarioRunId, type TaskFailure } from '../live/live-runs';
import type { FollowEngine } from './engine';
import type { PayloadDecoder } from '../replay/decode';
import { describeTaskFailure, type ReplayError } from '../replay/errors';
import { stepKind } from '../steps/steps';
import type { Scenario, ScenarioObservation } from '../model/scenario';
import type { AnswerContext } from './context';
import { answerEarliest, CHILD_TIME_MS, OpenWorkIndex } from './open-work';
import { ChildRuns } from './child-runs';
import { leftOpen } from './left-open';
import { pathFaults } from '../faults/path-faults';
import { recordedNamespaceId } from '../history/child-events';
import { recordCommands } from './record-commands';
import { completedTypes } from './given-results';
import { GivenResults, Results, UnknownAnswer } from './results';
import type { HistoryEvent } from '../history/events';
import type { LocalActivityAnswer } from '../live/local-activities';
import { localAnswer } from './local-answer';
import { ExternalTargets } from './external-targets';
import { recordedSearchAttributeTypes } from './commands/upsert-search-attributes';
import { temporal } from '@temporalio/proto';

const { WorkflowTaskFailedCause } = temporal.api.enums.v1;

export interface FollowOptions {
  decoder: PayloadDecoder;
  /** Workflow tasks answered before the scenario is called stuck. */
  maxRounds: number;
  givenResults?: GivenResults;
  converter?: PayloadConverter;
  /** A type the recorded history never ran is could-not-run, not assumed to return nothing. */
  strictAnswers?: boolean;
}

/**
 * Injects the fault, then plays the server: each workflow task runs on a live worker (../live), its
 * commands become the events a server records, the open work is answered in the order a server
 * would answer it, and so on until the workflow closes. A last replay of the whole closed history
 * proves the path (core checks every task against its commands, as after a worker restart).
 */
export async function followScenario(
  { history, step, fault }: Scenario,
  engine: FollowEngine,
  options: FollowOptions,
): Promise<ScenarioObservation> {
  const notApplicable = notApplicableAt(fault, step, history);
  if (notApplicable) return { notApplicable };
  const builder = new HistoryBuilder(fault.inject(step, history), history.events);
  const rules = {
    samePath: Boolean(fault.expectsSamePath),
    strict: Boolean(options.strictAnswers),
    scenario: (path: HistoryEvent[]) => ({
      fault: fault.name,
      step: { index: step.index, activityType: step.activityType },
      completed: completedTypes(path),
    }),
  };
  const results = new Results(history.events, options.givenResults, options.decoder, options.converter, rules);
  const targets = new ExternalTargets(history.events);
  const runId = scenarioRunId(history, step.index, fault.name);
  const recordedRunId = history.events[0].workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? '';
  const context: AnswerContext = {
    builder,
    decoder: options.decoder,
    workflowTaskQueue: history.events[0].workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '',
    results,
    namespaceId: recordedNamespaceId(history.events),
    targets,
    runIds: recordedRunId ? { live: runId, recorded: recordedRunId } : undefined,
    searchAttributeTypes: recordedSearchAttributeTypes(history.events),
  };
  const faults = pathFaults(fault, step);
  const children = new ChildRuns(
    { workflowId: history.workflowId, runId, namespace: 'default', taskQueue: context.workflowTaskQueue },
    builder.events.length,
    engine,
    options,
  );
  const work = new OpenWorkIndex(builder.events, {
    childTime: (type, initiatedEventId) =>
      children.childTime(initiatedEventId) ?? (targets.runsUntilCancelled(type) ? Infinity : CHILD_TIME_MS),
    ignoresCancel: (initiatedEventId) => children.ignoresCancel(initiatedEventId),
  });
  const observation: Observation = { tasks: [], rounds: 0 };
  const end = (error?: Observation['error']): Observation => ({
    ...observation,
    ...(error ? { error } : {}),
    ...(results.invented.size ? { invented: [...results.invented].sort() } : {}),
    path: builder.events,
  });
  const localActivities = {
    fail: fault.failsLocalActivity && stepKind(step) === 'local-activity' ? [step.activityType] : [],
    answer: (type: string, args: unknown[], rank: number): LocalActivityAnswer =>
      faults.some((f) => f.failsLocal?.(type, rank))
        ? { fail: true }
        : localAnswer(results, type, args, rank, builder.events),
  };
  const run = { workflowId: history.workflowId, runId, workflowType: history.workflowType, localActivities };

  try {
    while (observation.rounds < options.maxRounds) {
      observation.rounds++;
      const answer = await engine.live.runTask({ ...run, events: builder.events });
      for (const type of answer.invented ?? []) results.invented.add(type);
      if ('timedOut' in answer) return end({ outcome: 'workflow-task-failed', message: answer.timedOut });
      if ('lost' in answer) return end({ outcome: 'could-not-run', message: answer.lost });
      if ('failed' in answer) return end(taskFailure(answer.failed, observation.rounds, results));
      if (answer.unknown) return end({ outcome: 'could-not-run', message: answer.unknown, unanswered: true });
      builder.completeWorkflowTask(answer.completed.sdkMetadata ?? {});
      const recorded = recordCommands(answer.completed.commands, { ...context, localCalls: answer.localCalls });
      if (recorded.observed.length) observation.tasks.push(recorded.observed);
      if (recorded.unsupported)
        return end({ outcome: 'could-not-run', message: `cannot follow the path past a ${recorded.unsupported}` });
      if (recorded.close) {
        observation.close = recorded.close;
        const childEnds = children.atClose();
        const open = [...leftOpen(work.list(), targets), ...childEnds.open];
        if (open.length) observation.openAtClose = open;
        if (childEnds.closes.length) observation.childCloses = childEnds.closes;
        observation.rounds++;
        const proof = await engine.prove({ events: builder.events }, run);
        return end(proof.error && proofFinding(proof.error));
      }
      await children.runNew(builder.events, () => rules.scenario(builder.events), results.invented);
      try {
        if (!answerEarliest(builder, work, { results, targets, children }, faults)) {
          return end({
            outcome: 'stuck',
            message: `the workflow waits with no activity, timer or child workflow due: nothing will ever wake it${children.neverClosing(work.list())}`,
          });
        }
      } catch (err) {
        if (err instanceof UnknownAnswer)
          return end({ outcome: 'could-not-run', message: err.message, unanswered: true });
        throw err;
      }
      builder.startWorkflowTask();
    }
  } finally {
    engine.live.forget(run.runId);
  }
  return end({
    outcome: 'stuck',
    message: `still open after ${options.maxRounds} workflow tasks (raise --max-rounds if the rollback is that long)`,
  });
}

/**
 * What a failed workflow task says. In the first task the worker replays the recorded prefix, so a
 * non-determinism error there is the team's code; later tasks run on the worker's cached state, so
 * a refusal there (or core's own fatal error) is about the events the tool wrote: could-not-run.
 */
function taskFailure({ cause, failure }: TaskFailure, round: number, results: Results): Observation['error'] {
  const message = failure?.message ?? 'the workflow task failed';
  if (cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR) {
    if (round === 1) return { outcome: 'nondeterministic', message };
    return { outcome: 'could-not-run', message: `the worker refused the events written for its commands: ${message}` };
  }
  if (/^Fatal error in workflow machines/.test(message)) {
    return { outcome: 'could-not-run', message: `the worker refused the rewritten history: ${message}` };
  }
  return crash(describeTaskFailure(failure), results);
}

function proofFinding(error: ReplayError): Observation['error'] {
  const outcome = outcomeOfReplayError(error.kind);
  return {
    outcome,
    message: `what the workflow did live does not replay the same way (as after a worker restart): ${error.message}`,
  };
}

function crash(failure: string, results: Results): Observation['error'] {
  if (results.invented.size === 0) return { outcome: 'workflow-task-failed', message: failure };
  const types = [...results.invented].sort().join(', ');
  return {
    outcome: 'could-not-run',
    message: `no recorded result for activity ${types}; give one with --results (the workflow then failed: ${failure})`,
  };
}
