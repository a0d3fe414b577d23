import type { coresdk } from '@temporalio/proto';
import type { ObservedCommand } from '../../judge/observation';
import type { AnswerContext } from '../context';

type Commands = coresdk.workflow_commands.IWorkflowCommand;
export type CommandKind = Exclude<keyof Commands, 'userMetadata' | 'eventGroupMarkers' | 'toJSON'>;

/**
 * The server's side of one kind of workflow command: the events it records when the task that
 * issued the command completes, and what golden files show of it. One module per kind, registered
 * in ./registry.ts.
 */
export interface CommandAnswer<K extends CommandKind = CommandKind> {
  readonly kind: K;
  record(command: NonNullable<Commands[K]>, context: AnswerContext): ObservedCommand;
}
