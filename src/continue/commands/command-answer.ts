import type { temporal } from '@temporalio/proto';
import type { ObservedCommand } from '../../model/observation';
import type { AnswerContext } from '../context';

export type Command = temporal.api.command.v1.ICommand;
export type CommandType = temporal.api.enums.v1.CommandType;

/**
 * The server's side of one kind of command a worker sends: the event it records when the task that
 * sent it completes, and what golden files show of it (nothing, for commands no rollback is judged
 * by). One module per kind, registered in ./registry.ts; closing commands are ../close.ts.
 */
export interface CommandAnswer {
  readonly type: CommandType;
  record(command: Command, context: AnswerContext): ObservedCommand | undefined;
  /**
   * Set when this command cannot be answered truthfully: the could-not-run line's words after
   * "cannot follow the path past a" (the command, and why).
   */
  unsupported?(command: Command, context: AnswerContext): string | undefined;
}
