/**
 * What kept part of a run from happening, as data: the faces pick problems by kind and file,
 * never by their wording, and print each as one line (`problemLine`).
 */
export type ProblemKind =
  /** A history file that cannot be read, parsed, decoded or checked, or a folder that cannot be walked. */
  | 'input'
  /** The workflows module does not export the history's workflow type. */
  | 'not-exported'
  /** core rejects the recorded history itself. */
  | 'does-not-replay'
  /** A saga spec that cannot be read, is not valid, or is for another workflow type. */
  | 'spec'
  /** A golden file that cannot be used or would be shared. */
  | 'golden'
  /** A history with neither golden file nor spec: followed, but judged by nothing. */
  | 'not-judged'
  /** A scenario the tool could not follow to a close. */
  | 'could-not-run'
  /** A history with no step to inject a fault at (it is still replayed as recorded). */
  | 'no-fault-point';

export interface Problem {
  kind: ProblemKind;
  /** The file at fault (a history, a spec, a golden file), where there is one. */
  file?: string;
  /** The event at fault, where one is. */
  eventId?: number;
  /** What is wrong, in one line, without the file and event (the line adds them). */
  message: string;
}

/** `file: event 7: message` — the one line a problem is printed as. */
export function problemLine(problem: Problem): string {
  const where = [problem.file, problem.eventId ? `event ${problem.eventId}` : undefined].filter(Boolean);
  return [...where, oneLine(problem.message)].join(': ');
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Problems in the order of their lines: the same inputs print the same lines in the same order. */
export function sortProblems(problems: Problem[]): Problem[] {
  const keyed = problems.map((problem) => ({ problem, line: problemLine(problem) }));
  return keyed.sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0)).map(({ problem }) => problem);
}
