/**
 * The tool replays with the team's own @temporalio/worker and bundles with their
 * @temporalio/workflow (peer dependencies), so it checks their versions before loading either.
 * Imports nothing from @temporalio: it must run when they are missing or too old.
 */
export const OLDEST_SUPPORTED_SDK = '1.13.0';
export const SUPPORTED_SDK_RANGE = `${OLDEST_SUPPORTED_SDK} to 1.x`;
const CHECKED_PACKAGES = ['@temporalio/worker', '@temporalio/workflow'];

/** The installed version of a package as resolved from this tool's own location, or undefined. */
export function installedVersion(name: string, resolvePaths?: string[]): string | undefined {
  try {
    const file = require.resolve(`${name}/package.json`, resolvePaths ? { paths: resolvePaths } : undefined);
    return (require(file) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** One line when a checked SDK package is missing or outside the supported range; undefined when fine. */
export function sdkVersionProblem(
  versionOf: (name: string) => string | undefined = installedVersion,
): string | undefined {
  for (const name of CHECKED_PACKAGES) {
    const version = versionOf(name);
    if (!version)
      return `${name} is not installed; fault-replay needs the project's own @temporalio/* (${SUPPORTED_SDK_RANGE})`;
    if (!isSupported(version)) {
      return `${name} ${version} is installed; fault-replay supports @temporalio/* ${SUPPORTED_SDK_RANGE}`;
    }
  }
  return undefined;
}

export function isSupported(version: string): boolean {
  const [major, minor] = version.split(/[.-]/).map(Number);
  const [oldestMajor, oldestMinor] = OLDEST_SUPPORTED_SDK.split('.').map(Number);
  return major === oldestMajor && minor >= oldestMinor;
}
