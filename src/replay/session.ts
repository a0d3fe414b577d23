import { relative } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { ReplayWorkerOptions, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { coresdk } from '@temporalio/proto';
import type { History } from '../history/events';
import { firstLine } from '../util/load-module';

export type WorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

export type ReplayErrorKind = 'nondeterministic' | 'workflow-task-failed' | 'replay-failed';

export interface ReplayOutcome {
  /** The commands of each activation, in order; the last is the workflow's answer to the last task. */
  activations: WorkflowCommand[][];
  error?: { kind: ReplayErrorKind; message: string };
}

interface Pending {
  workflowId: string;
  history: History;
  resolve(outcome: ReplayOutcome): void;
  reject(err: unknown): void;
}

/**
 * One replay worker for a whole run. `runReplayHistories` replays one history at a time and runs
 * its sink calls before yielding its result, so the activations seen between two results belong to
 * the history just replayed. Histories are queued as they are produced (continuation rounds feed
 * new ones while others are replaying), which keeps a single worker busy.
 */
export class ReplaySession {
  private readonly queue: Pending[] = [];
  private wake?: () => void;
  private closed = false;
  private activations: WorkflowCommand[][] = [];
  private readonly running: Promise<void>;

  constructor(bundle: WorkflowBundleWithSourceMap, options: Partial<ReplayWorkerOptions> = {}) {
    this.running = this.run({
      ...options,
      workflowBundle: bundle,
      sinks: {
        ...options.sinks,
        faultReplayObserver: {
          activation: { fn: (_info, commands: WorkflowCommand[]) => void this.activations.push(commands), callDuringReplay: true },
        },
      },
    });
  }

  replay(history: History, workflowId: string): Promise<ReplayOutcome> {
    if (this.closed) return Promise.reject(new Error('replay session is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ history, workflowId, resolve, reject });
      this.wake?.();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.running;
  }

  private async run(options: ReplayWorkerOptions): Promise<void> {
    const inFlight: Pending[] = [];
    try {
      for await (const result of Worker.runReplayHistories(options, this.feed(inFlight))) {
        const pending = inFlight.shift()!;
        const activations = this.activations;
        this.activations = [];
        pending.resolve({ activations, error: result.error ? classify(result.error) : undefined });
      }
    } catch (err) {
      for (const pending of [...inFlight, ...this.queue.splice(0)]) pending.reject(err);
    }
  }

  private async *feed(inFlight: Pending[]) {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        inFlight.push(next);
        yield { history: next.history, workflowId: next.workflowId };
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((wake) => (this.wake = wake));
      this.wake = undefined;
    }
  }
}

function classify(error: Error): { kind: ReplayErrorKind; message: string } {
  const message = coreMessage(firstLine(error.message.replace(/^Replay failed[^:]*: (Details: )?/, '')));
  if (error instanceof DeterminismViolationError) return { kind: 'nondeterministic', message };
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

/** `at fn (/abs/path/src/x.ts:12:3)` in the team's code → `src/x.ts:12:3`; SDK and bundle frames → undefined. */
function userFrame(line: string): string | undefined {
  const location = /^at (?:.* \()?(\/[^()]+:\d+:\d+)\)?$/.exec(line)?.[1];
  if (!location || /node_modules|workflow-bundle-|^node:/.test(location)) return undefined;
  return relative(process.cwd(), location);
}
