import { resolve } from 'node:path';
import { bundleWorkflowCode, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundlerCause, collectingLogger } from '../util/quiet';

export interface BundleOptions {
  workflowsPath: string;
  /** Workflow interceptor modules bundled with the workflows (the user's and the tool's own). */
  interceptorModules?: string[];
  /** Module names resolved to these files in the bundle (the recorder hands its interceptors their settings so). */
  aliases?: Record<string, string>;
  /** The team's payload converter: the sandbox uses the bundled copy. */
  payloadConverterPath?: string;
}

const OBSERVER_MODULE = require.resolve('./observer-interceptor');

/** The bundle a check replays: the team's interceptors first, then the tool's command observer. */
export function bundleWithObserver(options: BundleOptions): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflows({ ...options, interceptorModules: [...(options.interceptorModules ?? []), OBSERVER_MODULE] });
}

/** Bundles workflow code once; a failure is one line naming the module and webpack's reason. */
export async function bundleWorkflows(options: BundleOptions): Promise<WorkflowBundleWithSourceMap> {
  const { logger, errors } = collectingLogger();
  try {
    return await bundleWorkflowCode({
      workflowsPath: resolve(options.workflowsPath),
      workflowInterceptorModules: options.interceptorModules?.map((path) => resolve(path)),
      payloadConverterPath: options.payloadConverterPath && resolve(options.payloadConverterPath),
      logger,
      ...(options.aliases ? { webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...options.aliases } } }) } : {}),
    });
  } catch (err) {
    const cause = bundlerCause(errors) ?? (err as Error).message.split('\n')[0];
    throw new Error(`workflows module ${options.workflowsPath} does not bundle: ${cause}`);
  }
}
