/**
 * Bundled into the workflow code (runs inside the workflow sandbox): reports the exact commands of
 * every activation through a sink that also fires during replay. Import nothing but the workflow API.
 */
import {
  proxySinks,
  type ConcludeActivationInput,
  type Next,
  type Sinks,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
} from '@temporalio/workflow';
import type { coresdk } from '@temporalio/proto';

export interface ObserverSinks extends Sinks {
  faultReplayObserver: {
    activation(commands: coresdk.workflow_commands.IWorkflowCommand[]): void;
  };
}

const { faultReplayObserver } = proxySinks<ObserverSinks>();

class CommandObserver implements WorkflowInternalsInterceptor {
  concludeActivation(input: ConcludeActivationInput, next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>) {
    const output = next(input);
    faultReplayObserver.activation(output.commands);
    return output;
  }
}

export const interceptors = (): WorkflowInterceptors => ({ internals: [new CommandObserver()] });
