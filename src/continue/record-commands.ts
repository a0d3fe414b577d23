import type { Close, ObservedCommand } from '../judge/observation';
import type { WorkflowCommand } from '../replay/activations';
import { isClosing, recordClose } from './close';
import type { CommandKind } from './commands/command-answer';
import { COMMAND_ANSWERS } from './commands/registry';
import type { AnswerContext } from './context';

export interface RecordedTask {
  observed: ObservedCommand[];
  close?: Close;
  /** A command the tool cannot answer yet: the path cannot be followed past it. */
  unsupported?: string;
}

/**
 * Writes the events a server records for one completed workflow task's commands, in the order core
 * sends them (its MoveTerminalCommands flag: every other command first, then the first closing one).
 */
export function recordCommands(commands: WorkflowCommand[], context: AnswerContext): RecordedTask {
  const observed: ObservedCommand[] = [];
  for (const command of commands.filter((c) => !isClosing(c))) {
    const kind = commandKind(command);
    const answer = COMMAND_ANSWERS.get(kind as CommandKind);
    if (!answer) return { observed, unsupported: kind };
    observed.push(answer.record(command[kind as CommandKind] as never, context));
  }
  const closing = commands.find(isClosing);
  return closing ? { observed, close: recordClose(closing, context) } : { observed };
}

function commandKind(command: WorkflowCommand): string {
  return Object.keys(command).find((key) => key !== 'userMetadata' && key !== 'eventGroupMarkers' && command[key as CommandKind] != null) ?? 'empty command';
}
