/**
 * Why a workflows module does not bundle, as one line: webpack's report (logged) or the SDK's
 * own error (thrown) cut down to the module, the line where it can be told, and the reason.
 */
export function bundleFailureCause(loggedErrors: string[], thrown: Error): string {
  return webpackCause(loggedErrors) ?? sdkCause(thrown.message);
}

/**
 * `ERROR in ./x.ts` then the reason. A loader's failure (`Module build failed (from …swc-loader…)`)
 * puts the reason on the next line (swc: `Error:   x Unexpected token …`) and the place in a
 * snippet below it (` 3 | code` over a `:   ^` marker).
 */
function webpackCause(loggedErrors: string[]): string | undefined {
  const lines = loggedErrors
    .join('\n')
    .split('\n')
    .map((line) => line.trim());
  const starts = lines.flatMap((line, index) => (/^ERROR\b/.test(line) ? [index] : []));
  if (!starts.length) return undefined;
  const more = starts.length > 1 ? ` (and ${starts.length - 1} more error${starts.length > 2 ? 's' : ''})` : '';
  // webpack names the place as `./x.ts 1:0-43` (line:column-column): `./x.ts:1`, as an editor takes it.
  const module = lines[starts[0]].replace(/^ERROR( in)?\s*/, '').replace(/ (\d+):\d+(?:-\d+(?::\d+)?)?$/, ':$1');
  const rest = lines.slice(starts[0] + 1, starts[1]);
  const reasonAt = rest.findIndex((line) => line !== '' && !line.startsWith('Module build failed'));
  if (reasonAt < 0) return `${module}${more}`;
  const reason = rest[reasonAt].replace(/^Error:\s+x\s+/, '');
  const line = /:\d+$/.test(module) ? undefined : markedLine(rest.slice(reasonAt + 1));
  return `${module ? `${module}${line ? `:${line}` : ''}: ` : ''}${reason}${more}`;
}

/** The number of the snippet line a `^` marker points at, within the first few lines. */
function markedLine(lines: string[]): string | undefined {
  let numbered: string | undefined;
  for (const line of lines.slice(0, 20)) {
    const source = /^(\d+) \|/.exec(line);
    if (source) numbered = source[1];
    else if (/^:\s*\^/.test(line)) return numbered;
    else if (line === '') return undefined;
  }
  return undefined;
}

/** The SDK's message: its first line, with the list it introduces (`…disallowed modules:` then `- 'fs'`). */
function sdkCause(message: string): string {
  const [first, ...rest] = message.split('\n');
  if (!first.trimEnd().endsWith(':')) return first;
  const items = rest.map((line) => /^\s*- (.*?)\s*$/.exec(line)?.[1]).filter((item) => item !== undefined);
  const listEnd = rest.findIndex((line) => !/^\s*- /.test(line));
  const after = listEnd >= 0 ? rest[listEnd].split(/(?<=\.)\s*(?=HINT:)/)[0].trim() : '';
  return `${first.trimEnd()} ${items.join(', ')}${after ? ` (${after})` : ''}`;
}
