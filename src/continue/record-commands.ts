import { temporal } from '@temporalio/proto';
import type { Close, ObservedCommand } from '../model/observation';
import { closingType, recordClose } from './close';
import type { Command } from './commands/command-answer';
import { COMMAND_ANSWERS } from './commands/registry';
import type { AnswerContext } from './context';

export interface RecordedTask {
  observed: ObservedCommand[];
  close?: Close;
  /** A command the tool cannot answer (truthfully): the path cannot be followed past it; the command and why. */
  unsupported?: string;
}

/** Writes the events a server records for one completed workflow task's commands, in the order the worker sent them. */
export function recordCommands(commands: Command[], context: AnswerContext): RecordedTask {
  const observed: ObservedCommand[] = [];
  for (const command of commands) {
    if (closingType(command)) return { observed, close: recordClose(command, context) };
    const answer = COMMAND_ANSWERS.get(command.commandType!);
    const unsupported = answer
      ? answer.unsupported?.(command, context)
      : `${commandName(command)} command (not supported yet)`;
    if (unsupported) return { observed, unsupported };
    const seen = answer!.record(command, context);
    if (seen) observed.push(seen);
  }
  return { observed };
}

/** `COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION` → `startChildWorkflowExecution`. */
export function commandName(command: Command): string {
  const name = temporal.api.enums.v1.CommandType[command.commandType ?? 0] ?? `command type ${command.commandType}`;
  return name
    .replace(/^COMMAND_TYPE_/, '')
    .toLowerCase()
    .replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}
