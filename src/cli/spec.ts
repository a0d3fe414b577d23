import { problemLine } from '../model/problem';
import { Command } from 'commander';
import { inferenceLine, inferSpec } from '../laws/infer';
import { specPathBeside } from '../laws/spec';
import { outputFile } from '../report/output-file';
import { planFaultReplay, runFaultReplay } from '../run';
import { installQuietRuntime } from '../util/quiet';
import type { FaultReplayOptions } from '../model/options';
import { addEngineFlags, engineOptionsOf, SPEC_KEYS } from './engine-flags';
import { withHelp } from './help';
import { faultReplayLine, inertLine } from '../report/escape';

/**
 * `fault-replay spec --infer`: runs the fault matrix (every default fault kind) with no judge and
 * writes the saga spec it implies, with one line per forward step saying how sure the pairing is,
 * and `unsure` with the reason wherever two readings fit.
 */
export function specCommand(): Command {
  const command = withHelp(new Command('spec').exitOverride(), [
    'fault-replay spec --infer --workflows examples/workflows.ts --histories histories/order-fulfilment --out /tmp/fulfilOrder.saga.json',
  ])
    .description(
      'write a saga spec (<workflowType>.saga.json) inferred from the fault matrix: review it, then commit it',
    )
    .requiredOption('--infer', 'infer the spec from what the workflow does after a fault at each step')
    .option('--out <file>', 'where to write the spec (default: <workflowType>.saga.json beside the first history)');
  return addEngineFlags(command, SPEC_KEYS).action(async (opts) => {
    const out = opts.out ? outputFile('--out', opts.out) : undefined; // checked before the inference runs
    installQuietRuntime();
    const options: FaultReplayOptions = { ...(engineOptionsOf(opts, SPEC_KEYS) as FaultReplayOptions), goldens: false };
    const plan = planFaultReplay(options);
    const { histories } = plan;
    const result = await runFaultReplay(options, plan);
    const types = [...new Set(histories.map((h) => h.workflowType))];
    if (opts.out && types.length > 1)
      throw new Error(
        `--out: the histories hold ${types.length} workflow types (${types.join(', ')}); give one type's histories, or leave --out out`,
      );
    for (const type of types) {
      const inference = inferSpec(type, histories, result.histories);
      const path = opts.out ?? specPathBeside(histories.find((h) => h.workflowType === type)!.file, type);
      const width = Math.max(...inference.steps.flatMap((s) => [s.step.length, (s.undo ?? '?').length]));
      // Types and activity names come from the histories: each line stays one line, and no workflow command.
      console.log(
        inertLine(`${type}: ${inference.scenarios} scenarios rolled back (every fault kind at each forward step)`),
      );
      for (const step of inference.steps) console.log(inertLine(`  ${inferenceLine(step, width)}`));
      for (const note of inference.notes) console.log(inertLine(`  ${note}`));
      (out ?? outputFile('--out', path)).write(JSON.stringify(inference.spec, null, 2) + '\n');
      console.log(
        inertLine(
          `wrote ${path}: review it (a step not paired needs its undo, or a place in noUndo; decide each unsure line), then commit it`,
        ),
      );
    }
    // Inference judges nothing: a history, or a scenario, judged by neither golden nor spec is what it expects.
    const problems = result.problems.filter((p) => p.kind !== 'not-judged');
    for (const problem of problems) process.stderr.write(faultReplayLine(problemLine(problem)));
    process.exitCode = problems.length > 0 ? 2 : 0;
  });
}
