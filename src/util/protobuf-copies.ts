import './project-sdk'; // first: the SDK packages below are the project's worker's
import { dirname } from 'node:path';

/**
 * A fresh `npm install` of @temporalio/* 1.24 can leave two copies of protobufjs 8: one under
 * @temporalio/proto (which builds the History type) and one under @temporalio/common (whose
 * `historyFromJSON`/`historyToJSON` call protobufjs/ext/protojson). protojson then refuses the
 * other copy's type ("type must be a Type") and no history loads. This points common's protojson
 * at the copy @temporalio/proto uses, before proto-utils is first loaded; with one copy (or the
 * proto3-json-serializer of SDK 1.13 .. 1.23) it does nothing. Import it first, for its effect.
 */
export function shareProtojsonWithProto(): boolean {
  const module = 'protobufjs/ext/protojson';
  const from = (pkg: string) => {
    try {
      return require.resolve(module, { paths: [dirname(require.resolve(`${pkg}/package.json`))] });
    } catch {
      return undefined;
    }
  };
  const protoCopy = from('@temporalio/proto');
  const commonCopy = from('@temporalio/common');
  if (!protoCopy || !commonCopy || protoCopy === commonCopy) return false;
  require(protoCopy);
  require.cache[commonCopy] = require.cache[protoCopy];
  return true;
}

shareProtojsonWithProto();
