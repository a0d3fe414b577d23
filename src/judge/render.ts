import type { Expectation } from '../model/golden';
import type { Close, ObservedCommand } from '../model/observation';

/**
 * The lines a diff is taken on: one per command, no task numbers (a missing undo is one `-` line,
 * not every later task renumbered); a command started in the same workflow task as the one before
 * it (in parallel) begins with `& `, so a regrouping is that line changing.
 */
export function renderForDiff(value: Expectation | undefined): string[] {
  if (!value) return [];
  const lines = value.tasks.flatMap((task) =>
    task.map((command, i) => `${i === 0 ? '' : '& '}${renderCommand(command)}`),
  );
  if (value.close) lines.push(`close: ${renderClose(value.close)}`);
  if (value.openAtClose?.length) lines.push(`open at close: ${value.openAtClose.join(', ')}`);
  for (const child of value.childCloses ?? []) lines.push(child);
  if (value.error) lines.push(`error: ${value.error}`);
  if (lines.length === 0) lines.push('(no command, no close)');
  return lines;
}

export function renderCommand(command: ObservedCommand): string {
  if ('activity' in command) {
    const { taskQueue, ...rest } = command.options;
    const options = Object.entries(rest).map(
      ([key, value]) => `${key} ${typeof value === 'string' ? value : stable(value)}`,
    );
    if (taskQueue !== "(workflow's)") options.unshift(`taskQueue ${taskQueue}`);
    return `${command.activity}(${command.args.map(stable).join(', ')})${options.length ? `  ${options.join(', ')}` : ''}`;
  }
  if ('child' in command) {
    const { taskQueue, parentClosePolicy, workflowIdReusePolicy, ...rest } = command.options ?? {};
    // The server's defaults (parent's queue, terminate on the parent's close, reuse allowed) are left unsaid; the golden holds them.
    const options = [
      ...(taskQueue && taskQueue !== "(workflow's)" ? [`taskQueue ${taskQueue}`] : []),
      ...(parentClosePolicy && parentClosePolicy !== 'TERMINATE' ? [`parentClosePolicy ${parentClosePolicy}`] : []),
      ...(workflowIdReusePolicy && workflowIdReusePolicy !== 'ALLOW_DUPLICATE'
        ? [`workflowIdReusePolicy ${workflowIdReusePolicy}`]
        : []),
      ...Object.entries(rest).map(([key, value]) => `${key} ${typeof value === 'string' ? value : stable(value)}`),
    ];
    return `child workflow ${command.child}(${command.args.map(stable).join(', ')})  workflowId ${command.workflowId}${options.length ? `, ${options.join(', ')}` : ''}`;
  }
  if ('localActivity' in command) {
    const options = Object.entries(command.options ?? {}).map(
      ([key, value]) => `${key} ${typeof value === 'string' ? value : stable(value)}`,
    );
    return `local activity ${command.localActivity}(${(command.args ?? []).map(stable).join(', ')})${command.failed ? ' (failed)' : ''}${options.length ? `  ${options.join(', ')}` : ''}`;
  }
  if ('timer' in command) return `timer ${command.timer}`;
  if ('cancelTimer' in command) return `cancel timer ${command.cancelTimer}`;
  if ('cancelActivity' in command) return `cancel activity ${command.cancelActivity}`;
  if ('signal' in command)
    return `signal ${command.signal}(${command.args.map(stable).join(', ')}) to workflow ${command.workflowId}`;
  if ('cancelWorkflow' in command)
    return `cancel ${command.childType ? `child workflow ${command.childType}` : 'workflow'}  workflowId ${command.cancelWorkflow}`;
  return `patch ${command.patch}${command.deprecated ? ' (deprecated)' : ''}`;
}

export function renderClose(close: Close): string {
  switch (close.status) {
    case 'completed':
      return `completed ${stable(close.result)}`;
    case 'failed':
      return `failed: ${close.failure
        .map(
          (level) =>
            `${level.type}: ${level.message}${level.nonRetryable ? ' (non-retryable)' : ''}${level.details ? ` details ${stable(level.details)}` : ''}`,
        )
        .join(' ← ')}`;
    case 'canceled':
      return `canceled${close.details ? ` ${stable(close.details)}` : ''}`;
    default:
      return `continued as new: ${close.workflowType}(${close.args.map(stable).join(', ')})${close.taskQueue !== "(workflow's)" ? ` on ${close.taskQueue}` : ''}`;
  }
}

/** JSON with object keys sorted, so the same value always reads the same. */
export function stable(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner) =>
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(
            Object.keys(inner)
              .sort()
              .map((key) => [key, inner[key]]),
          )
        : inner,
    ) ?? 'undefined'
  );
}
