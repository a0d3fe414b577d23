import type { FaultReplayOptions } from '../model/options';

/**
 * Why the options cannot run as given, about the worker that runs the workflows: the built-in
 * TypeScript worker needs the workflows module; the team's own worker command has the workflows
 * itself, so what only a bundle has (its interceptors, its hash for --incremental) is refused.
 */
export function workerOptionsProblem(
  options: Pick<FaultReplayOptions, 'workflowsPath' | 'workerCommand' | 'interceptorModules' | 'incrementalPath'>,
): string | undefined {
  if (!options.workerCommand)
    return options.workflowsPath
      ? undefined
      : 'no workflows: give --workflows (the built-in TypeScript worker runs them) or --worker-command (your own worker runs them)';
  if (!options.workerCommand.trim()) return '--worker-command: the command is empty';
  if (options.workflowsPath)
    return '--workflows and --worker-command: give one (the worker command registers your workflows itself)';
  if (options.interceptorModules?.length)
    return '--interceptors bundles TypeScript workflow interceptors: with --worker-command, your worker registers its own';
  if (options.incrementalPath)
    return '--incremental keys each verdict on the workflow bundle it hashes: with --worker-command there is none to hash, so every scenario runs (leave --incremental out)';
  return undefined;
}
