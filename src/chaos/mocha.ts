/**
 * The mocha face of `chaos`: `describeChaos(title, options)` runs the happy run and every live
 * fault in the suite's `before`, then declares one `it` per (step, fault), failing with the
 * verdict and the world's differences. The runs follow from the happy run's steps, so their tests
 * are added once it is known; the first `it` checks that the chaos run itself happened.
 */
import { AssertionError } from 'node:assert';
import type { Suite, Test } from 'mocha';
import { installQuietRuntime, releaseQuietRuntime } from '../util/quiet';
import { chaosScenarioName } from './report-matrix';
import { ChaosOptions, ChaosResult, ChaosScenarioResult, runChaos } from './run';

export interface MochaChaosOptions extends ChaosOptions {
  /** For the whole chaos run in `before`. Default 300 s. */
  timeoutMs?: number;
}

export function describeChaos(title: string, options: MochaChaosOptions): void {
  describe(title, function () {
    this.timeout(options.timeoutMs ?? 300_000);
    let result: ChaosResult | undefined;

    before(async function () {
      installQuietRuntime();
      result = await runChaos(options);
      const suite = this.test?.parent as Suite;
      // The Test class of the mocha running this file (the placeholder's), not a second copy.
      const TestClass = suite.tests[0].constructor as new (title: string, fn: () => void) => Test;
      for (const scenario of result.scenarios)
        suite.addTest(new TestClass(chaosScenarioName(scenario), () => assertClean(scenario)));
    });
    // Nothing of the tool's left running: mocha ends without --exit.
    after(releaseQuietRuntime);

    it('the happy run completes and every live run happens', () => {
      if (!result) throw new Error('the chaos run did not happen');
      if (result.problems.length) throw new Error(result.problems.join('; '));
    });
  });
}

function assertClean(scenario: ChaosScenarioResult): void {
  if (scenario.outcome === 'clean') return;
  if (scenario.outcome === 'could-not-run') throw new Error(`could-not-run: ${scenario.detail}`);
  throw new AssertionError({
    message: [
      `${scenario.outcome}${scenario.detail ? `: ${scenario.detail}` : ''}`,
      ...scenario.differences.map((line) => `  ${line}`),
    ].join('\n'),
    operator: scenario.outcome,
  });
}
