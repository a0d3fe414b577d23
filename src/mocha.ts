/**
 * The mocha face: `describeFaultReplay(title, options)` inside a test file turns every
 * (history, step, fault) scenario into one `it`, failing with the golden diff.
 */
import './util/protobuf-copies'; // first: before anything loads @temporalio/common's proto-utils
import { problemLine } from './model/problem';
import { isFinding } from './model/outcome';
import { kindOfLabel } from './faults/nested';
import { scenarioName } from './report/findings';
import { FaultReplayOptions, planFaultReplay, runFaultReplay } from './run';
import { RunResult } from './model/results';
import { Scenario } from './model/scenario';
import { installQuietRuntime, releaseQuietRuntime } from './util/quiet';
import { sdkVersionProblem } from './util/sdk-version';
import { inertLine } from './report/escape';

export interface MochaFaultReplayOptions extends FaultReplayOptions {
  /** For the whole suite: the bundle and every replay happen in its `before`. Default 120 s. */
  timeoutMs?: number;
}

export function describeFaultReplay(title: string, options: MochaFaultReplayOptions): void {
  describe(title, function () {
    this.timeout(options.timeoutMs ?? 120_000);
    const plan = planFaultReplay(options);
    let result: RunResult;

    before(async () => {
      const sdkProblem = sdkVersionProblem();
      if (sdkProblem) throw new Error(sdkProblem);
      installQuietRuntime();
      result = await runFaultReplay(options, plan);
    });
    // Nothing of the tool's left running: mocha ends without --exit.
    after(releaseQuietRuntime);

    for (const problem of plan.problems) {
      it(inertLine(`loads ${problem.file}`), () => {
        throw new Error(problemLine(problem));
      });
    }
    // The recorded history replays as it is (the JUnit report's case for it; a regression in the CLI too).
    for (const history of plan.histories) {
      it(inertLine(`${history.file} replays as recorded`), () => {
        const checked = result.histories.find((h) => h.file === history.file);
        if (checked && !checked.replay.ok) throw new Error(`${checked.replay.outcome}: ${checked.replay.message}`);
      });
    }
    for (const scenario of plan.scenarios) {
      it(
        inertLine(
          scenarioName(scenario.history, {
            step: scenario.step.index,
            activityType: scenario.step.activityType,
            fault: scenario.fault.name,
          }),
        ),
        function () {
          // A fault that does not apply to the step checks nothing: pending, not a pass.
          if (assertScenario(result, scenario) === 'not-applicable') this.skip();
        },
      );
    }
  });
}

function assertScenario(result: RunResult, { history, step, fault }: Scenario): 'checked' | 'not-applicable' {
  const checkedHistory = result.histories.find((h) => h.file === history.file);
  if (!checkedHistory) {
    const problem = result.problems.find((p) => p.file === history.file);
    throw new Error(problem ? problemLine(problem) : `${history.file} was not checked`);
  }
  // A nested:<fault> scenario is planned once and judged once per compensation: this test asserts each of them.
  const all = checkedHistory.scenarios.filter((s) => s.step === step.index && kindOfLabel(s.fault) === fault.name);
  if (all.length === 0) throw new Error(`${history.file} step ${step.index} × ${fault.name} was not checked`);
  const checked = all.find((s) => isFinding(s.outcome));
  if (!checked) return all.every((s) => s.outcome === 'not-applicable') ? 'not-applicable' : 'checked';
  const label = checked.fault === fault.name ? '' : `${checked.fault}: `;
  if (checked.outcome === 'could-not-run') throw new Error(`${label}could-not-run: ${checked.detail}`);
  // The golden diff in the message, as the terminal report shows it; expected/actual stay on the error
  // (JSON reporters, IDEs) without a second, longer diff of the same JSON under it.
  const failure = new Error(
    `${label}${checked.outcome}${checked.detail ? `: ${checked.detail}` : ''}${checked.diff ? `\n${checked.diff}` : ''}`,
  );
  throw Object.assign(failure, {
    expected: checked.expected
      ? JSON.stringify({ tasks: checked.expected.tasks, close: checked.expected.close }, null, 2)
      : '(no golden entry)',
    actual: JSON.stringify({ tasks: checked.observed?.tasks ?? [], close: checked.observed?.close }, null, 2),
    showDiff: false,
  });
}
