/**
 * One copy of the SDK, the project's. A project installs the @temporalio/* packages it imports
 * (the samples: activity, client, worker, workflow, testing); the rest (common, proto, protobufjs)
 * come as the worker's own dependencies, where npm put them. The tool's own `require` of any of
 * them from node_modules/temporal-fault-replay could find another copy (two copies of the protos in
 * one process fail: "duplicate name 'ActivityHeartbeat' in Namespace coresdk"), so this makes them
 * resolve from the project's @temporalio/worker, as the worker itself resolves them: @temporalio/*
 * from the worker's folder, protobufjs from @temporalio/proto's. Loaded first, for its effect, by
 * every entry point (./protobuf-copies) and every forked process (./child-preload).
 */
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { ownRoot } from './own-version';

type Resolve = (
  request: string,
  parent: NodeJS.Module | undefined,
  isMain: boolean,
  options?: { paths?: string[] },
) => string;
const NodeModule = Module as unknown as { _resolveFilename: Resolve };

const installed = new Set<string>();

/** From now on, for requests made by the files of the tool at `toolRoot` (its src/ and lib/). */
export function resolveSdkFromProjectWorker(toolRoot = ownRoot()): void {
  if (installed.has(toolRoot)) return;
  installed.add(toolRoot);
  const resolve = NodeModule._resolveFilename;
  const toolSources = ['src', 'lib'].map((folder) => join(toolRoot, folder) + sep);
  const folderOf = (request: string, from: string | undefined): string | undefined => {
    if (!from) return undefined;
    try {
      return dirname(resolve(`${request}/package.json`, undefined, false, { paths: [from] }));
    } catch {
      return undefined;
    }
  };
  let homes: { worker?: string; proto?: string } | undefined;
  const homeOf = (request: string): string | undefined => {
    if (/^@temporalio\/worker(\/|$)/.test(request)) return undefined;
    const isSdk = request.startsWith('@temporalio/');
    if (!isSdk && !/^protobufjs(\/|$)/.test(request)) return undefined;
    if (!homes) {
      const worker = folderOf('@temporalio/worker', toolRoot);
      homes = { worker, proto: folderOf('@temporalio/proto', worker) };
    }
    return isSdk ? homes.worker : homes.proto;
  };
  NodeModule._resolveFilename = function (request, parent, isMain, options) {
    // A resolve with its own `paths` (./protobuf-copies looks in each package) is left as asked.
    const fromTool =
      !options?.paths && parent?.filename && toolSources.some((folder) => parent.filename.startsWith(folder));
    const home = fromTool ? homeOf(request) : undefined;
    if (home) {
      try {
        return resolve.call(this, request, parent, isMain, { paths: [home] });
      } catch {
        // not beside the worker: where Node finds it from the tool
      }
    }
    return resolve.call(this, request, parent, isMain, options);
  };
}

resolveSdkFromProjectWorker();
