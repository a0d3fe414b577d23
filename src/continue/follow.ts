import type { PayloadConverter } from '@temporalio/common';
import type { FaultKind } from '../faults/fault';
import { HistoryBuilder } from '../history/builder';
import { outcomeOfReplayError } from '../judge/judge';
import type { Observation } from '../judge/observation';
import type { LoadedHistory } from '../load/load';
import { liveTask } from '../replay/activations';
import type { PayloadDecoder } from '../replay/decode';
import type { ReplayError } from '../replay/errors';
import type { ReplaySession } from '../replay/session';
import type { ActivityStep } from '../steps/steps';
import type { AnswerContext } from './context';
import { answerEarliest, openWork } from './open-work';
import { recordCommands } from './record-commands';
import { GivenResults, Results } from './results';
import { hasCoreFlag, newFlags, UPSERT_SEARCH_ATTRIBUTE_ON_PATCH } from './sdk-flags';

export interface Scenario {
  history: LoadedHistory;
  step: ActivityStep;
  fault: FaultKind;
}

export type ScenarioObservation = Observation | { notApplicable: string };

export interface FollowOptions {
  decoder: PayloadDecoder;
  /** Workflow tasks answered before the scenario is called stuck. */
  maxRounds: number;
  givenResults?: GivenResults;
  converter?: PayloadConverter;
}

/**
 * Injects the fault, then plays the server: each workflow task runs live in the replayer, its
 * commands become the events a server records, the open work is answered in the order a server
 * would answer it, and so on until the workflow closes. A last replay of the whole closed history
 * proves the path (core checks every task against its commands).
 */
export async function followScenario({ history, step, fault }: Scenario, session: ReplaySession, options: FollowOptions): Promise<ScenarioObservation> {
  const notApplicable = fault.notApplicable(step, history);
  if (notApplicable) return { notApplicable };
  const builder = new HistoryBuilder(fault.inject(step, history), history.events);
  const results = new Results(history.events, options.givenResults, options.decoder, options.converter);
  const context: AnswerContext = {
    builder,
    decoder: options.decoder,
    workflowTaskQueue: history.events[0].workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '',
    results,
    patches: new Set(),
    upsertOnPatch: hasCoreFlag(history.events, UPSERT_SEARCH_ATTRIBUTE_ON_PATCH),
  };
  const persistent = fault.failAgain && { activityType: step.activityType, failAgain: (b: HistoryBuilder, id: number) => fault.failAgain!(b, id, step) };
  const observation: Observation = { tasks: [], rounds: 0 };
  const end = (error?: Observation['error']): Observation => ({
    ...observation,
    ...(error ? { error } : {}),
    ...(results.invented.size ? { invented: [...results.invented].sort() } : {}),
    path: builder.events,
  });

  while (observation.rounds < options.maxRounds) {
    observation.rounds++;
    const replay = await session.replay({ events: builder.events }, history.workflowId);
    if (replay.error) return end(replayFinding(replay.error, observation.rounds));
    const task = liveTask(replay.events);
    if (!task.ran) return end({ outcome: 'could-not-run', message: 'the replayer did not run the workflow task that answers the fault: it refused the rewritten history' });
    if (task.failure) return end(crash(task.failure, results));
    builder.completeWorkflowTask(newFlags(builder.events, task.usedFlags));
    const recorded = recordCommands(task.commands, context);
    if (recorded.observed.length) observation.tasks.push(recorded.observed);
    if (recorded.unsupported) return end({ outcome: 'could-not-run', message: `cannot follow the path past a ${recorded.unsupported} command (not supported yet)` });
    if (recorded.close) {
      observation.close = recorded.close;
      const open = openWork(builder.events).map((work) => work.label);
      if (open.length) observation.openAtClose = open;
      observation.rounds++;
      const proof = await session.replay({ events: builder.events }, history.workflowId);
      return end(proof.error && proofFinding(proof.error));
    }
    if (!answerEarliest(builder, results, persistent || undefined)) {
      return end({ outcome: 'stuck', message: 'the workflow waits with no activity or timer open: nothing will ever wake it' });
    }
    builder.startWorkflowTask();
  }
  return end({ outcome: 'stuck', message: `still open after ${options.maxRounds} workflow tasks (raise --max-rounds if the rollback is that long)` });
}

function replayFinding(error: ReplayError, round: number): Observation['error'] {
  const outcome = outcomeOfReplayError(error.kind);
  if (round === 1 || outcome !== 'nondeterministic') return { outcome, message: error.message };
  return { outcome, message: `what the workflow did live does not replay the same way: ${error.message}` };
}

function proofFinding(error: ReplayError): Observation['error'] {
  const outcome = outcomeOfReplayError(error.kind);
  return { outcome, message: `the closed path does not replay: ${error.message}` };
}

function crash(failure: string, results: Results): Observation['error'] {
  if (results.invented.size === 0) return { outcome: 'workflow-task-failed', message: failure };
  const types = [...results.invented].sort().join(', ');
  return {
    outcome: 'could-not-run',
    message: `no recorded result for activity ${types}; give one with --results (the workflow then failed: ${failure})`,
  };
}
