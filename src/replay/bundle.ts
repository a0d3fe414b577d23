import { resolve } from 'node:path';
import { bundleWorkflowCode, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { collectingLogger } from '../util/quiet';
import { bundleFailureCause } from './bundle-error';
import { forkChild, lastLine } from '../util/child-process';

export interface BundleOptions {
  workflowsPath: string;
  /** Workflow interceptor modules bundled with the workflows (the user's and the tool's own). */
  interceptorModules?: string[];
  /** Module names resolved to these files in the bundle (the recorder hands its interceptors their settings so). */
  aliases?: Record<string, string>;
  /** The team's payload converter: the sandbox uses the bundled copy. */
  payloadConverterPath?: string;
}

export const OBSERVER_MODULE = require.resolve('./observer-interceptor');
const BUNDLER_PROCESS = require.resolve('./bundle-child');

/**
 * The bundle a check replays: the team's interceptors first, then the tool's command observer.
 * `apart`: bundled in a process of its own, which takes longer (webpack loads cold each time) but
 * leaves ≈ 120 MiB less resident in this process for the rest of the run.
 */
export function bundleWithObserver(
  options: Omit<BundleOptions, 'aliases'>,
  { apart = false } = {},
): Promise<WorkflowBundleWithSourceMap> {
  const { workflowsPath, payloadConverterPath } = options;
  const bundleOptions = {
    workflowsPath,
    payloadConverterPath,
    interceptorModules: [...(options.interceptorModules ?? []), OBSERVER_MODULE],
  };
  return apart ? bundleInChild(bundleOptions) : bundleWorkflows(bundleOptions);
}

/** bundleWorkflows in a short-lived process: the same bundle or the same one-line error, without webpack's memory left behind. */
function bundleInChild(options: Omit<BundleOptions, 'aliases'>): Promise<WorkflowBundleWithSourceMap> {
  const { child, output } = forkChild(BUNDLER_PROCESS);
  return new Promise((resolvePromise, reject) => {
    child.once('message', (reply: { bundle?: WorkflowBundleWithSourceMap; error?: string }) =>
      reply.bundle ? resolvePromise(reply.bundle) : reject(new Error(reply.error)),
    );
    // 'close' comes after the IPC channel is drained: a reply already sent has been handled by then.
    child.once('close', () =>
      reject(
        new Error(
          `workflows module ${options.workflowsPath} does not bundle: the bundler process ended (${lastLine(output.tail) || 'no output'})`,
        ),
      ),
    );
    child.send(options);
  });
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
      ...(options.aliases
        ? {
            webpackConfigHook: (config) => ({
              ...config,
              resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...options.aliases } },
            }),
          }
        : {}),
    });
  } catch (err) {
    const cause = bundleFailureCause(errors, err as Error);
    // A module given beside the workflows that is not there: named as what it is, not as the workflows' fault.
    const given = [
      ...(options.interceptorModules ?? []).map((path) => ['interceptor module', path]),
      ['payload converter module', options.payloadConverterPath],
    ];
    const missing = given.find(([, path]) => path && cause.includes(`Can't resolve '${resolve(path)}'`));
    if (missing) throw new Error(`${missing[0]} ${missing[1]}: no such module`);
    if (cause.startsWith('ENOENT') && cause.includes(`'${resolve(options.workflowsPath)}'`))
      throw new Error(`workflows module ${options.workflowsPath}: no such file`);
    throw new Error(`workflows module ${options.workflowsPath} does not bundle: ${cause}`);
  }
}
