/**
 * Bundled into the workflow code (runs inside the workflow sandbox): reports, through a sink that
 * also fires during replay, when each activation starts, the exact commands it concludes with, and
 * any error the workflow code throws. An activation that starts and never concludes failed its task
 * (see replay/activations.ts). Import nothing but the workflow API.
 */
import {
  proxySinks,
  type ActivateInput,
  type ConcludeActivationInput,
  type Next,
  type SignalInput,
  type Sinks,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
} from '@temporalio/workflow';
import type { coresdk } from '@temporalio/proto';

export interface ObserverSinks extends Sinks {
  faultReplayObserver: {
    started(): void;
    concluded(
      commands: coresdk.workflow_commands.IWorkflowCommand[],
      usedFlags: number[],
      replayDecided: string[],
    ): void;
    threw(error: { type: string; message: string; stack: string }): void;
  };
}

const { faultReplayObserver } = proxySinks<ObserverSinks>();

/** The SDK flags this activation used, as its completion reports them to core (read-only, best effort). */
function usedFlags(): number[] {
  const activator = (globalThis as { __TEMPORAL_ACTIVATOR__?: { knownFlags?: Set<number> } }).__TEMPORAL_ACTIVATOR__;
  return activator?.knownFlags ? [...activator.knownFlags].sort((a, b) => a - b) : [];
}

interface GuardedActivator {
  info: { unsafe: { isReplaying: boolean } };
  knownPresentPatches?: Set<string>;
  patchDecisions?: Map<string, boolean>;
  patchInternal?: (patchId: string, deprecated: boolean) => boolean;
  hasFlag?: (flag: { id: number; default: boolean }) => boolean;
  __faultReplayGuarded?: true;
  __faultReplayUnguarded?: true;
}

function activatorOf(): GuardedActivator | undefined {
  return (globalThis as { __TEMPORAL_ACTIVATOR__?: GuardedActivator }).__TEMPORAL_ACTIVATOR__;
}

/**
 * What this activation decided only because it replays (a live task would decide otherwise);
 * reported and emptied at its conclusion. An activation that fails never concludes: what it noted
 * then goes with the next one (at worst a prediction missed for nothing, never one kept wrongly).
 */
let replayDecided: string[] = [];

/**
 * Notes every `patched()` / `deprecatePatch()` and SDK flag that replay answers differently from a
 * live task (no marker yet: false in replay, true live; a default-on flag not yet used: off in
 * replay, on live). A path predicted from an earlier run is replayed, never run live
 * (../continue/predicted-path.ts): where replay decided, it is followed live instead. On an SDK
 * without these internals every activation says so. (Reads of isReplaying cannot be told from the
 * SDK's own here, whose modules the reusable sandbox freezes: ../replay/bundle-sources.ts.)
 */
function guardReplayDecisions(): void {
  const activator = activatorOf();
  if (!activator || activator.__faultReplayGuarded) return;
  activator.__faultReplayGuarded = true;
  const { patchInternal, hasFlag } = activator;
  if (typeof patchInternal !== 'function' || typeof hasFlag !== 'function' || !activator.knownPresentPatches) {
    activator.__faultReplayUnguarded = true;
    return;
  }
  activator.patchInternal = function (this: GuardedActivator, patchId, deprecated) {
    if (this.info.unsafe.isReplaying && !this.knownPresentPatches?.has(patchId) && !this.patchDecisions?.has(patchId))
      replayDecided.push(`patched('${patchId}')`);
    return patchInternal.call(this, patchId, deprecated);
  };
  activator.hasFlag = function (this: GuardedActivator, flag) {
    const used = hasFlag.call(this, flag);
    if (!used && flag.default && this.info.unsafe.isReplaying) replayDecided.push(`SDK flag ${flag.id}`);
    return used;
  };
}

class ActivationObserver implements WorkflowInternalsInterceptor {
  activate(input: ActivateInput, next: Next<WorkflowInternalsInterceptor, 'activate'>) {
    // replayDecided is not emptied here: the SDK decides a flag before it calls activate, and may call it once per batch of jobs.
    guardReplayDecisions();
    faultReplayObserver.started();
    return next(input);
  }

  concludeActivation(input: ConcludeActivationInput, next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>) {
    const output = next(input);
    if (activatorOf()?.__faultReplayUnguarded) replayDecided.push('patches and SDK flags (this SDK hides them)');
    faultReplayObserver.concluded(output.commands, usedFlags(), replayDecided);
    replayDecided = [];
    return output;
  }
}

function reportThrown(err: unknown): void {
  const error = err instanceof Error ? err : new Error(String(err));
  faultReplayObserver.threw({ type: error.name, message: error.message, stack: error.stack ?? '' });
}

/** Reports what a workflow entry point throws, and throws it on unchanged. */
async function reportingThrown<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (err) {
    reportThrown(err);
    throw err;
  }
}

/**
 * The SDK finds a workflow as `module[workflowType]`, so a type named `constructor` or `toString`
 * finds Object's own method, which then runs as the workflow: such a type is not exported, as the
 * SDK says for any other name it does not find (not a fault of the team's code).
 */
function refuseInheritedWorkflow(): void {
  const activator = (
    globalThis as { __TEMPORAL_ACTIVATOR__?: { workflow?: unknown; info?: { workflowType?: string } } }
  ).__TEMPORAL_ACTIVATOR__;
  const type = activator?.info?.workflowType;
  if (type === undefined || !Object.prototype.hasOwnProperty.call(Object.prototype, type)) return;
  if (activator!.workflow === (Object.prototype as Record<string, unknown>)[type]) {
    throw new TypeError(
      `Failed to initialize workflow of type '${type}': no such function is exported by the workflow bundle`,
    );
  }
}

class ErrorObserver implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    refuseInheritedWorkflow();
    return reportingThrown(next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    return reportingThrown(next(input));
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  internals: [new ActivationObserver()],
  inbound: [new ErrorObserver()],
});
