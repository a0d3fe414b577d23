import { Session } from 'node:inspector/promises';

/** The workflow bundle as the SDK names its script ("workflow-bundle-<hash>.js"). */
const BUNDLE_SCRIPT = /workflow-bundle-[^/]*\.js$/;

/**
 * V8's precise coverage of the workflow bundle in a replay process (`--narrow-keys`): which of
 * its functions ran since the last look. Replays run one at a time in a replay process, so a look
 * before a replay and one at its result give the functions that replay ran.
 */
export class BundleCoverage {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    // Counts, not covered-or-not: binary coverage is cheaper, but a function it reported once it never reports
    // again (tried: the narrow-keys parity test then reports scenarios whose code changed).
    await this.session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  }

  /** The bundle's functions that ran since the last call (V8 resets its counts), as [start, end) offsets in its code. */
  async take(): Promise<Array<[number, number]>> {
    const { result } = await this.session.post('Profiler.takePreciseCoverage');
    return result
      .filter((script) => BUNDLE_SCRIPT.test(script.url))
      .flatMap((script) => script.functions)
      .filter((fn) => fn.ranges[0]?.count > 0)
      .map((fn): [number, number] => [fn.ranges[0].startOffset, fn.ranges[0].endOffset]);
  }
}
