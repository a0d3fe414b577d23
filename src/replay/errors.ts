import { relative } from 'node:path';
import { firstLine } from '../util/load-module';

export type ReplayErrorKind = 'nondeterministic' | 'workflow-task-failed' | 'replay-failed';

export interface ReplayError {
  kind: ReplayErrorKind;
  message: string;
}

/** Sorts a replay error the SDK raised into what it says about the team's code. */
export function classifyReplayError(error: { name?: string; message: string }): ReplayError {
  const message = coreMessage(firstLine(error.message.replace(/^Replay failed[^:]*: (Details: )?/, '')));
  if (error.name === 'DeterminismViolationError') return { kind: 'nondeterministic', message };
  if (/workflow task failure/i.test(error.message)) return { kind: 'workflow-task-failed', message };
  return { kind: 'replay-failed', message };
}

/**
 * Core reports failures as a Rust debug dump. A person needs the message inside it, with the
 * error's type and the first frame in the team's own code when the stack trace has them.
 */
function coreMessage(text: string): string {
  const message = quotedField(text, 'message');
  if (message === undefined) return text;
  const stack = (quotedField(text, 'stack_trace') ?? '').split('\n').map((line) => line.trim());
  const typed = stack.find((line) => /^\w+: /.test(line) && line.endsWith(message)) ?? message;
  const frame = stack.map(userFrame).find(Boolean);
  return frame ? `${typed} (at ${frame})` : typed;
}

function quotedField(text: string, field: string): string | undefined {
  const found = new RegExp(`${field}: "((?:[^"\\\\]|\\\\.)*)"`).exec(text);
  return found?.[1].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
}

/** A thrown error as a person reads it: `TypeError: x is undefined (at src/workflows.ts:12:3)`. */
export function describeThrown(error: { type: string; message: string; stack: string }): string {
  const frame =
    error.stack
      .split('\n')
      .map((line) => userFrame(line.trim()))
      .find(Boolean) ?? pythonFrame(error.stack);
  return `${error.type}: ${error.message}${frame ? ` (at ${frame})` : ''}`;
}

/** The failure a worker reported for a workflow task its code failed, as describeThrown says it. */
export function describeTaskFailure(
  failure:
    | { message?: string | null; stackTrace?: string | null; applicationFailureInfo?: { type?: string | null } | null }
    | null
    | undefined,
): string {
  const message = failure?.message ?? 'the workflow task failed';
  const stack = failure?.stackTrace ?? '';
  // The worker reports a thrown TypeError as a failure whose stack trace starts with its name.
  const type = failure?.applicationFailureInfo?.type || /^(\w+): /m.exec(stack)?.[1] || 'Error';
  return describeThrown({ type, message, stack });
}

/** A Python traceback's innermost frame in the team's code (it is printed last): `saga.py:111`, relative to here. */
function pythonFrame(stack: string): string | undefined {
  const frames = [...stack.matchAll(/^\s*File "(\/[^"]+\.py)", line (\d+)/gm)].filter(
    ([, file]) => !/\/site-packages\/|\/lib\/python\d/.test(file),
  );
  const last = frames.at(-1);
  return last ? `${relative(process.cwd(), last[1])}:${last[2]}` : undefined;
}

/** `at fn (/abs/path/src/x.ts:12:3)` in the team's code → `src/x.ts:12:3`; SDK and bundle frames → undefined. */
function userFrame(line: string): string | undefined {
  const location = /^at (?:.* \()?(\/[^()]+:\d+:\d+)\)?$/.exec(line)?.[1];
  if (!location || /node_modules|workflow-bundle-|^node:/.test(location)) return undefined;
  return relative(process.cwd(), location);
}
