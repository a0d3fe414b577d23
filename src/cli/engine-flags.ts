import { Command, Option } from 'commander';
import { FAULT_KINDS, NESTED_KINDS } from '../faults/registry';
import type { FaultReplayOptions } from '../model/options';
import { DEFAULTS } from '../qualify';
import { DEFAULT_INCREMENTAL_FILE } from '../incremental/incremental-file';
import { listValues, positiveInteger, signalPayload } from './options';

type EngineKey = keyof FaultReplayOptions;

interface EngineFlag {
  flags: string;
  description: string;
  parse?: (value: string, previous: any) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
  required?: boolean;
  /** The option's value from commander's (an optional value given bare is `true`). */
  value?: (given: unknown) => unknown;
}

const nestedNames = NESTED_KINDS.map((k) => k.name.slice('nested:'.length)).join(', ');

/** The engine's flags, once, for every command that runs it: each maps to one field of FaultReplayOptions. */
const ENGINE_FLAGS: Partial<Record<EngineKey, EngineFlag>> = {
  workflowsPath: {
    flags: '--workflows <module>',
    description: 'workflows module (.ts or .js) as given to a worker',
    required: true,
  },
  workerCommand: {
    flags: '--worker-command <command>',
    description:
      'your own worker (any SDK) runs the workflows instead of --workflows: a shell command the tool starts with FAULT_REPLAY_ADDRESS, FAULT_REPLAY_NAMESPACE and FAULT_REPLAY_TASK_QUEUE set (also {address}, {namespace}, {taskQueue} in the command); it registers the workflows only (docs/other-sdks.md)',
  },
  histories: { flags: '--histories <path...>', description: 'history files or folders', required: true },
  interceptorModules: {
    flags: '--interceptors <module...>',
    description: 'your workflow interceptor modules, bundled as a worker would',
  },
  payloadConverterPath: {
    flags: '--payload-converter <module>',
    description: 'your module exporting payloadConverter (as dataConverter.payloadConverterPath)',
  },
  dataConverterPath: {
    flags: '--data-converter <module>',
    description: 'your module exporting payloadCodecs and/or payloadConverter, as your worker has them',
  },
  goldenDir: { flags: '--golden-dir <dir>', description: 'where golden files live (default: beside each history)' },
  update: { flags: '--update', description: 'write what is observed as the new golden files' },
  specPath: {
    flags: '--spec <file>',
    description:
      'saga spec whose laws judge every history (default: <workflowType>.saga.json beside each history, where present)',
  },
  faults: {
    flags: '--faults <names...>',
    description: `fault kinds to inject, space- or comma-separated (default: ${FAULT_KINDS.map((k) => k.name).join(', ')}, and signal:<name> for each signal recorded in the histories or given; only when named: nested:<fault>, a compensation meeting <fault> after the step fails, for ${nestedNames}; \`all\`: the default kinds and every nested one)`,
    parse: listValues,
  },
  signals: {
    flags: '--signal <name=json>',
    description:
      'a signal signal:<name> sends, with its arguments as a JSON array, e.g. abort=\'[{"reason":"x"}]\' (repeatable; default: the payload recorded in the histories)',
    parse: signalPayload,
  },
  maxHistoryMib: {
    flags: '--max-history-size <MiB>',
    description: 'the largest history read, in MiB once unpacked (default: 64; a larger one is one line, not checked)',
    parse: positiveInteger,
  },
  resultsPath: {
    flags: '--results <file>',
    description:
      'answers the recorded history does not hold, by activity (child, local activity) type (.json, .ts or .js): a value, a function of the arguments and the scenario, or {"$reuse": true}',
  },
  strictAnswers: {
    flags: '--strict-answers',
    description: 'a type the recorded history never ran is could-not-run, not assumed to return nothing',
  },
  maxRounds: {
    flags: '--max-rounds <n>',
    description: `workflow tasks a scenario may take before it is called stuck (default: ${DEFAULTS.maxRounds}, or ${DEFAULTS.maxRoundsPerStep} a step)`,
    parse: positiveInteger,
  },
  deadlineMs: {
    flags: '--deadline <ms>',
    description: `CPU time (ms) one replay may take before its code is called stuck in a loop, plus 2 ms an event (default: ${DEFAULTS.deadlineMs})`,
    parse: positiveInteger,
  },
  incrementalPath: {
    flags: '--incremental [file]',
    description: `report a scenario whose verdict cannot have changed (same code, history, options, golden entry, tool and SDK versions) from FILE instead of running it, and write this run's to FILE (default: ${DEFAULT_INCREMENTAL_FILE}; safe to commit or cache in CI)`,
    value: (given) => (given === true ? DEFAULT_INCREMENTAL_FILE : given),
  },
  predict: {
    flags: '--no-predict',
    // commander gives a --no- flag's default (true) whether or not it was given: only its use reaches the engine.
    value: (given) => (given === false ? false : undefined),
    description:
      'with --incremental, follow every scenario whose code changed live, task by task (default: first along the path the file keeps for it, proved by one replay)',
  },
  narrowKeys: {
    flags: '--narrow-keys',
    description:
      'with --incremental, a change to the workflow code runs only the scenarios whose replays ran a function it changed (V8 coverage of each replay; slower replays while it records)',
  },
  workers: {
    flags: '--workers <n>',
    description:
      'worker processes of each kind (live, replay) side by side (default: FAULT_REPLAY_WORKERS, else one for every two cores, at most 4)',
    parse: positiveInteger,
  },
};

/** Which engine options each command takes. */
export const CHECK_KEYS: EngineKey[] = [
  'workflowsPath',
  'workerCommand',
  'histories',
  'interceptorModules',
  'payloadConverterPath',
  'dataConverterPath',
  'goldenDir',
  'update',
  'specPath',
  'faults',
  'signals',
  'resultsPath',
  'strictAnswers',
  'maxRounds',
  'deadlineMs',
  'workers',
  'incrementalPath',
  'predict',
  'narrowKeys',
  'maxHistoryMib',
];
export const SPEC_KEYS: EngineKey[] = [
  'workflowsPath',
  'workerCommand',
  'histories',
  'interceptorModules',
  'payloadConverterPath',
  'dataConverterPath',
  'maxHistoryMib',
  'signals',
  'resultsPath',
  'strictAnswers',
  'maxRounds',
  'deadlineMs',
  'workers',
];
export const REPLAY_KEYS: EngineKey[] = [
  'workflowsPath',
  'interceptorModules',
  'payloadConverterPath',
  'dataConverterPath',
  'deadlineMs',
];

function optionOf(key: EngineKey, workerCommand = false): Option {
  const flag = ENGINE_FLAGS[key]!;
  const option = new Option(flag.flags, flag.description);
  if (flag.parse) option.argParser(flag.parse);
  if (flag.required && !(workerCommand && key === 'workflowsPath')) option.makeOptionMandatory();
  return option;
}

/** Adds the engine flags of `keys` to a command. */
export function addEngineFlags(command: Command, keys: EngineKey[]): Command {
  const either = keys.includes('workerCommand');
  for (const key of keys) command.addOption(optionOf(key, either));
  // --workflows is required unless the team's own worker runs them (one of the two; src/live/worker-options.ts says the rest).
  if (either) {
    command.hook('preAction', (self) => {
      const opts = self.opts();
      if (opts.workflows === undefined && opts.workerCommand === undefined)
        self.error("error: required option '--workflows <module>' not specified (or --worker-command <command>)", {
          code: 'commander.missingMandatoryOptionValue',
        });
    });
  }
  return command;
}

/** The engine options the user gave among `keys` (commander's values, by FaultReplayOptions field); nothing defaulted here. */
export function engineOptionsOf(opts: Record<string, unknown>, keys: EngineKey[]): Partial<FaultReplayOptions> {
  const given: Record<string, unknown> = {};
  for (const key of keys) {
    const raw = opts[optionOf(key).attributeName()];
    const value = raw !== undefined && ENGINE_FLAGS[key]?.value ? ENGINE_FLAGS[key]!.value!(raw) : raw;
    if (value !== undefined) given[key] = value;
  }
  return given as Partial<FaultReplayOptions>;
}
