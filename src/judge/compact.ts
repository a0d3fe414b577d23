import type { Close, ObservedCommand } from '../model/observation';
import { stable } from './render';

export interface RollbackShape {
  tasks?: unknown[];
  close?: unknown;
  error?: string;
}

/**
 * A rollback in one line, as a person says it:
 * `deleteTenantRecord("acme") → markTenantFailed(…) → failed InjectedFailure`.
 * Commands of one workflow task (started together) are joined with ` + `.
 */
export function compactRollback(value: RollbackShape | null | undefined): string {
  if (!value) return '(nothing)';
  const tasks = ((value.tasks ?? []) as ObservedCommand[][]).map((task) => task.map(compactCommand).join(' + '));
  const close = value.close ? [compactClose(value.close as Close)] : [];
  const error = value.error ? [value.error] : [];
  const parts = [...tasks, ...close, ...error];
  return parts.length ? parts.join(' → ') : '(no command, no close)';
}

export function compactCommand(command: ObservedCommand): string {
  if ('activity' in command) return `${command.activity}(${compactArgs(command.args)})`;
  if ('child' in command) return `child ${command.child}(${compactArgs(command.args)})`;
  if ('localActivity' in command) return `local ${command.localActivity}${command.failed ? ' (failed)' : ''}`;
  if ('timer' in command) return `timer ${command.timer}`;
  if ('cancelTimer' in command) return `cancel timer ${command.cancelTimer}`;
  if ('cancelActivity' in command) return `cancel ${command.cancelActivity}`;
  if ('signal' in command) return `signal ${command.signal}(${compactArgs(command.args)}) to ${command.workflowId}`;
  if ('cancelWorkflow' in command)
    return command.childType ? `cancel child ${command.childType}` : `cancel workflow ${command.cancelWorkflow}`;
  return `patch ${command.patch}`;
}

/** One scalar in all the arguments is shown (`"acme"`); anything more is `…`. */
function compactArgs(args: unknown[]): string {
  if (args.length === 0) return '';
  const scalars = args.flatMap(scalarsOf);
  if (scalars.length === 1) return stable(scalars[0]);
  return '…';
}

function scalarsOf(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(scalarsOf);
}

export function compactClose(close: Close): string {
  switch (close.status) {
    case 'failed':
      return `failed ${close.failure[close.failure.length - 1]?.type ?? ''}`.trimEnd();
    case 'continued-as-new':
      return `continued as new ${close.workflowType}`;
    default:
      return close.status;
  }
}
