import type { Command } from 'commander';

/** What each exit code means, the same for every command (src/cli.ts `EXIT`). */
const EXIT_CODES = [
  'Exit codes:',
  '  0  everything as expected',
  '  1  a regression found (a finding)',
  '  2  the run could not happen, or part of it (a problem line on stderr says which)',
];

/** `--help` ends with examples of the command (each runs as shown from the repository's root) and the exit codes. */
export function withHelp(command: Command, examples: string[]): Command {
  return command.addHelpText(
    'after',
    ['', 'Examples:', ...examples.map((example) => `  $ ${example}`), '', ...EXIT_CODES].join('\n'),
  );
}
