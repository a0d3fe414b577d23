import { main } from '../../src/cli';

/** Runs the CLI in this process, keeping what it prints instead of printing it. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error, write, writeErr] = [console.log, console.error, process.stdout.write, process.stderr.write];
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) =>
    err.push(String(chunk).replace(/\n$/, '')) > 0) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    [console.log, console.error, process.stdout.write, process.stderr.write] = [log, error, write, writeErr];
    process.exitCode = undefined;
  }
}
