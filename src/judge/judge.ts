import { diffLines } from 'diff';
import type { Expectation } from '../model/golden';
import type { Observation, ObservedCommand } from '../model/observation';
import type { Verdict } from '../model/outcome';
import { renderForDiff, stable } from './render';

/** The golden form of an observation: what --update writes and what a check compares. */
export function expectationOf(observation: Observation): Expectation {
  return {
    tasks: observation.tasks,
    ...(observation.close ? { close: observation.close } : {}),
    ...(observation.openAtClose ? { openAtClose: observation.openAtClose } : {}),
    ...(observation.childCloses ? { childCloses: observation.childCloses } : {}),
    ...(observation.error ? { error: observation.error.outcome } : {}),
  };
}

export function judge(observation: Observation, expected: Expectation | undefined): Verdict {
  if (observation.error?.unanswered && expected && !startsAs(observation.tasks, expected.tasks ?? [])) {
    // Cut short at an answer the tool does not know, the path has already left the golden one: that is the finding.
    const observed = expectationOf({ ...observation, error: undefined });
    return {
      outcome: 'unexpected-commands',
      detail: `the commands after the fault differ from the golden file before the path stops (${observation.error.message})`,
      diff: diff(expected, observed),
    };
  }
  if (observation.error) return { outcome: observation.error.outcome, detail: observation.error.message };
  if (observation.openAtClose) {
    const open = observation.openAtClose.join(', ');
    return {
      outcome: 'work-left-open',
      detail: `the workflow closed while ${open} had not finished: live, it never runs to completion`,
    };
  }
  const observed = expectationOf(observation);
  if (!expected) {
    return {
      outcome: 'unexpected-commands',
      detail: 'no golden entry for this scenario (run with --update, review, commit)',
      diff: diff(undefined, observed),
    };
  }
  const wanted: Expectation = {
    tasks: expected.tasks ?? [],
    ...(expected.close ? { close: expected.close } : {}),
    ...(expected.openAtClose ? { openAtClose: expected.openAtClose } : {}),
    ...(expected.childCloses ? { childCloses: expected.childCloses } : {}),
    ...(expected.error ? { error: expected.error } : {}),
  };
  if (stable(wanted) === stable(observed)) return { outcome: 'compensated' };
  return { outcome: 'unexpected-commands', detail: differenceSummary(wanted, observed), diff: diff(wanted, observed) };
}

/** Whether the observed workflow tasks are the golden's first ones. */
function startsAs(observed: ObservedCommand[][], expected: ObservedCommand[][]): boolean {
  return (
    observed.length <= expected.length && observed.every((task, index) => stable(task) === stable(expected[index]))
  );
}

function differenceSummary(expected: Expectation, observed: Expectation): string {
  const names = (e: Expectation) => stable(e.tasks.flat().map(commandName));
  if (names(expected) !== names(observed)) return 'the commands after the fault differ from the golden file';
  if (stable(expected.tasks.map((t) => t.map(commandName))) !== stable(observed.tasks.map((t) => t.map(commandName)))) {
    return 'the same commands, grouped into workflow tasks differently (serial vs parallel) from the golden file';
  }
  if (stable(expected.tasks) !== stable(observed.tasks))
    return 'the same commands with other arguments or options than the golden file';
  if (stable(expected.childCloses ?? []) !== stable(observed.childCloses ?? []))
    return 'a child workflow closes differently from the golden file';
  return 'the workflow closes differently from the golden file';
}

function commandName(command: ObservedCommand): string {
  return 'activity' in command ? command.activity : Object.keys(command)[0];
}

/** `-` lines from the golden file, `+` lines observed, on the one-line-per-command rendering. */
function diff(expected: Expectation | undefined, observed: Expectation): string {
  const text = (value: Expectation | undefined) => (value ? renderForDiff(value).join('\n') + '\n' : '');
  return diffLines(text(expected), text(observed))
    .flatMap((part) => {
      const mark = part.added ? '+' : part.removed ? '-' : ' ';
      return part.value
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => `${mark} ${line}`);
    })
    .join('\n');
}
