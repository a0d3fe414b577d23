import type { FaultKind } from '../faults/fault';
import { HistoryBuilder } from '../history/builder';
import { idOf, type Payload } from '../history/events';
import { outcomeOfReplayError } from '../judge/judge';
import type { Observation } from '../judge/observation';
import type { LoadedHistory } from '../load/load';
import type { PayloadDecoder } from '../replay/decode';
import type { ReplaySession } from '../replay/session';
import { activitySteps, ActivityStep } from '../steps/steps';
import { answerCommands, AnswerContext } from './answer';
import { answerEarliestOpenWork } from './open-work';

export interface Scenario {
  history: LoadedHistory;
  step: ActivityStep;
  fault: FaultKind;
}

export type ScenarioObservation = Observation | { notApplicable: string };

/** Injects the fault, then answers the workflow's commands round by round until it closes. */
export async function followScenario(
  { history, step, fault }: Scenario,
  session: ReplaySession,
  decoder: PayloadDecoder,
  maxRounds: number,
): Promise<ScenarioObservation> {
  const notApplicable = fault.notApplicable(step, history);
  if (notApplicable) return { notApplicable };
  const context: AnswerContext = {
    builder: new HistoryBuilder(fault.inject(step, history)),
    decoder,
    taskQueue: history.events[0].workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '',
    recordedResults: recordedResults(history),
  };
  const observation: Observation = { commands: [], rounds: 0 };
  while (observation.rounds < maxRounds) {
    observation.rounds++;
    const replay = await session.replay({ events: context.builder.events }, history.workflowId);
    if (replay.error) {
      return { ...observation, error: { outcome: outcomeOfReplayError(replay.error.kind), message: replay.error.message } };
    }
    const answer = answerCommands(replay.activations.at(-1) ?? [], context);
    observation.commands.push(...answer.observed);
    if (answer.close) return { ...observation, close: answer.close };
    if (answer.unsupported) {
      const message = `cannot follow the path past a ${answer.unsupported} command (not supported yet)`;
      return { ...observation, error: { outcome: 'could-not-run', message } };
    }
    if (answer.observed.length > 0) continue;
    if (!answerEarliestOpenWork(context.builder, history.events, context.recordedResults)) {
      return stuck(observation, 'the workflow issued no command, did not close, and has no open work to wait for');
    }
  }
  return stuck(observation, `still open after ${maxRounds} rounds`);
}

function stuck(observation: Observation, message: string): Observation {
  return { ...observation, error: { outcome: 'stuck', message } };
}

function recordedResults(history: LoadedHistory): Map<string, Payload[] | undefined> {
  const typeByScheduledId = new Map<number, string>();
  const results = new Map<string, Payload[] | undefined>();
  for (const step of activitySteps(history.events)) typeByScheduledId.set(step.scheduledEventId, step.activityType);
  for (const event of history.events) {
    const completed = event.activityTaskCompletedEventAttributes;
    if (!completed) continue;
    const type = typeByScheduledId.get(idOf(completed.scheduledEventId));
    if (type && !results.has(type)) results.set(type, completed.result?.payloads ?? undefined);
  }
  return results;
}

