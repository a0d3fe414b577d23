/**
 * History content (file names, workflow and activity types, ids, failure messages) is written by
 * whoever runs workflows in production: here it is made inert for each place it is written. Each
 * function is the identity on ordinary names, so reports of an ordinary corpus do not change.
 */

/**
 * Characters that end or move a line, or drive a terminal: C0 controls but tab, DEL, C1 controls,
 * the Unicode line and paragraph separators, and the bidirectional overrides that reorder what a
 * reader sees.
 */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\x1b': '\\e' };

/** On one line, with no terminal control: every such character as a visible escape (`\n`, `\r`, `\e`, `\x07`, `\u2028`). */
export function printable(text: string): string {
  return text.replace(
    CONTROL,
    (c) => NAMED_CONTROLS[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`),
  );
}

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).padStart(width, '0');
}

/**
 * Text for stdout or stderr, where a CI runner reads workflow commands: a line that starts (after
 * blanks) with `::` is a GitHub Actions command, and `##[` anywhere is its older form. Such a line
 * gets a backslash before its `::`, and `##[` becomes `##\[`; history content in it is already
 * one line (`printable`). The tool's own annotations are written apart (annotations.ts).
 */
export function withoutWorkflowCommands(text: string): string {
  return text.replace(/^(\s*)::/gm, '$1\\::').replace(/##\[/g, '##\\[');
}

/** `fault-replay: <problem>` and a line end: one line, whatever the problem quotes from a history. */
export function faultReplayLine(problem: string): string {
  return `${inertLine(`fault-replay: ${problem}`)}\n`;
}

/** A line for stdout or stderr holding history content: `printable`, and no workflow command. */
export function inertLine(text: string): string {
  return withoutWorkflowCommands(printable(text));
}

/** One shell word: single-quoted, a `'` inside closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A `# ...` comment line of a shell script: never more than one line. */
export function shellComment(text: string): string {
  return `# ${printable(text)}`;
}

/** Markdown: a paragraph or table cell. Characters Markdown or HTML would read as syntax are backslash-escaped. */
export function markdownText(text: string): string {
  return printable(text.replace(/\r\n?|\n/g, ' '))
    .replace(/[\\`*_{}[\]<>|#~$&!]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, '\\:') // bare URLs (GFM autolinks)
    .replace(/(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@') // e-mail autolinks
    .replace(
      /^(\s*)([-+=]|\d+(?=[.)]))/,
      (_, blank: string, marker: string) => `${blank}${/\d/.test(marker) ? `${marker}\\` : `\\${marker}`}`,
    );
}

/** Markdown inline code: nothing is syntax there but the backtick and the line end. */
export function markdownCode(text: string): string {
  return printable(text.replace(/\r\n?|\n/g, ' ')).replace(/`/g, "'");
}

/**
 * XML 1.0 cannot hold C0 controls other than tab and line ends, lone surrogates, U+FFFE and
 * U+FFFF, even as character references: each becomes its `\uXXXX` spelling (xmlbuilder2's
 * `invalidCharReplacement`).
 */
export function xmlInvalidChar(char: string): string {
  return `\\u${hex(char, 4)}`;
}

/**
 * A GitHub Actions command's message, escaped as GitHub's toolkit (@actions/core) does; its lines
 * are `printable` and hold no older-form command first.
 */
export function annotationData(text: string): string {
  const lines = text
    .split(/(\r|\n)/)
    .map((part) => (part === '\r' || part === '\n' ? part : withoutWorkflowCommands(printable(part))));
  return lines.join('').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A GitHub Actions command's property value: its message escaping, and `:` and `,`, which end a property. */
export function annotationProperty(text: string): string {
  return annotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const HTML_REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text or a quoted attribute value: `printable` (one line, controls visible), and `& < > " '` as character references. */
export function htmlText(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => HTML_REFERENCES[c]);
}
