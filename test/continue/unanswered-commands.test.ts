/**
 * A command the continuation cannot answer truthfully is one could-not-run line naming it (and why),
 * never a raw error and never a guess: command types it has no answer for (Nexus operations, update
 * protocol messages), a search attribute the recorded server may not have, a cancelled child whose
 * behaviour once cancelled is not on record, a signal to a workflow the recorded history never reached.
 */
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { closingType } from '../../src/continue/close';
import { recordedSearchAttributeTypes } from '../../src/continue/commands/upsert-search-attributes';
import { COMMAND_ANSWERS } from '../../src/continue/commands/registry';
import type { AnswerContext } from '../../src/continue/context';
import { ExternalTargets } from '../../src/continue/external-targets';
import { recordCommands } from '../../src/continue/record-commands';
import { Results } from '../../src/continue/results';
import { HistoryBuilder } from '../../src/history/builder';
import type { HistoryEvent } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { PayloadDecoder } from '../../src/replay/decode';
import { EXTERNAL_COMMANDS_HISTORIES } from '../../scripts/record-command-answers';

const CommandType = temporal.api.enums.v1.CommandType;

function contextOn(recorded: HistoryEvent[], prefixLength: number): AnswerContext {
  const decoder = new PayloadDecoder();
  return {
    builder: new HistoryBuilder(recorded.slice(0, prefixLength), recorded),
    decoder,
    workflowTaskQueue: 'q',
    results: new Results(recorded, undefined, decoder),
    targets: new ExternalTargets(recorded),
    searchAttributeTypes: recordedSearchAttributeTypes(recorded),
  };
}

describe('commands the continuation cannot answer truthfully: one could-not-run line naming the command and why', () => {
  const happy = loadHistoryFile(`${EXTERNAL_COMMANDS_HISTORIES}/WAIT_CANCELLATION_COMPLETED-happy.json`).events;
  const travel = loadHistoryFile('histories/travel-booking/happy.json').events;

  it('every command type is answered, closes the workflow, or is named: only Nexus operations and protocol messages (updates) are not answered', () => {
    const types = Object.values(CommandType).filter(
      (t): t is number => typeof t === 'number' && t !== CommandType.COMMAND_TYPE_UNSPECIFIED,
    );
    const unanswered = types.filter(
      (commandType) => !COMMAND_ANSWERS.has(commandType) && !closingType({ commandType }),
    );
    expect(unanswered.map((t) => CommandType[t])).to.deep.equal([
      'COMMAND_TYPE_PROTOCOL_MESSAGE',
      'COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION',
      'COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION',
    ]);
    const lines = unanswered.map((commandType) => recordCommands([{ commandType }], contextOn(happy, 4)).unsupported);
    expect(lines).to.deep.equal([
      'protocolMessage command (not supported yet)',
      'scheduleNexusOperation command (not supported yet)',
      'requestCancelNexusOperation command (not supported yet)',
    ]);
  });

  it('the commands before it in the task are still written; nothing after it', () => {
    const context = contextOn(happy, 4);
    const memo = {
      commandType: CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
      modifyWorkflowPropertiesCommandAttributes: { upsertedMemo: { fields: {} } },
    };
    const timer = {
      commandType: CommandType.COMMAND_TYPE_START_TIMER,
      startTimerCommandAttributes: { timerId: '1', startToFireTimeout: { seconds: 1 as never } },
    };
    const task = recordCommands(
      [memo, { commandType: CommandType.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION }, timer],
      context,
    );
    expect(task.unsupported).to.equal('scheduleNexusOperation command (not supported yet)');
    expect(
      context.builder.events.slice(4).map((e) => (e.workflowPropertiesModifiedEventAttributes ? 'memo' : e.eventType)),
    ).to.deep.equal(['memo']);
  });

  it('a search attribute the recorded history never shows set: named (a server without it registered fails the task)', () => {
    const upsert = (name: string) => ({
      commandType: CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      upsertWorkflowSearchAttributesCommandAttributes: {
        searchAttributes: {
          indexedFields: {
            [name]: {
              metadata: { encoding: new TextEncoder().encode('json/plain') },
              data: new TextEncoder().encode('["x"]'),
            },
          },
        },
      },
    });
    expect(recordCommands([upsert('BookingStage')], contextOn(happy, 4)).unsupported).to.equal(undefined);
    expect(recordCommands([upsert('CustomerTier')], contextOn(happy, 4)).unsupported).to.equal(
      'upsertWorkflowSearchAttributes command (search attribute CustomerTier is not set in the recorded history: whether the server has it registered is unknown)',
    );
  });

  it('cancelling a running child whose type the recorded history never shows cancelled: what it then does is its own code', () => {
    // Travel booking, cut while the bookFlight child runs (started at event 13, completed at 17 in the recording).
    const cancel = {
      commandType: CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
      requestCancelExternalWorkflowExecutionCommandAttributes: {
        workflowId: 'book-trip-42-happy-flight',
        childWorkflowOnly: true,
      },
    };
    expect(recordCommands([cancel], contextOn(travel, 16)).unsupported).to.equal(
      'requestCancelExternalWorkflowExecution command to workflow book-trip-42-happy-flight (how child workflow bookFlight closes once cancelled is not in the recorded history)',
    );
    // A signal to the same running child is delivered: the server needs nothing from the child for that.
    const signal = {
      commandType: CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
      signalExternalWorkflowExecutionCommandAttributes: {
        execution: { workflowId: 'book-trip-42-happy-flight' },
        signalName: 'hurry',
        childWorkflowOnly: true,
      },
    };
    expect(recordCommands([signal], contextOn(travel, 16))).to.deep.equal({
      observed: [{ signal: 'hurry', args: [], workflowId: 'book-trip-42-happy-flight' }],
    });
    // Once it has closed (event 17), it is no running child: whether the id runs is unknown.
    expect(recordCommands([signal], contextOn(travel, 20)).unsupported).to.match(
      /^signalExternalWorkflowExecution command to workflow book-trip-42-happy-flight \(whether workflow book-trip-42-happy-flight runs/,
    );
  });
});
