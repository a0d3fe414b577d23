/** Runs a script's `main`: exit 0 when it resolves; when it throws, one line naming the script, exit 2. */
export function runScript(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`${name}: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
