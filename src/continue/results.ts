import { defaultPayloadConverter, type PayloadConverter } from '@temporalio/common';
import { idOf, type HistoryEvent, type Payload } from '../history/events';
import { stable } from '../judge/render';
import type { PayloadDecoder } from '../replay/decode';
import { localActivityData } from '../steps/local-activity-steps';
import { activityTypeOf, childTypeOf, worldBefore } from './world-before';
import { isReuse, type AnswerScenario, type GivenResults } from './given-results';
import { recordedCompletion, recordedFailure } from './recorded-outcome';

export type { AnswerScenario, GivenResults };

/** Where an answer comes from, when it is not the recorded outcome of that very call. */
export interface AnswerRules {
  /** The fault changes nothing the workflow sees: the path repeats the recorded one, so the recorded call of the same rank with equal arguments is the answer. */
  samePath: boolean;
  /** `--strict-answers`: a type that never ran in the recorded history is could-not-run, not assumed to return nothing. */
  strict: boolean;
  scenario(path: HistoryEvent[]): AnswerScenario;
}

/** The path cannot be followed truthfully past this call: its answer is not known (a could-not-run line). */
export class UnknownAnswer extends Error {}

interface RecordedCall {
  /** The call's ActivityTaskScheduled / StartChildWorkflowExecutionInitiated / local activity MarkerRecorded. */
  eventId: number;
  args: string;
  /** Undefined: the call did not complete (failed, timed out, still open). */
  result?: { value: unknown; payloads: Payload[] | undefined };
}

/**
 * The answers a server would hand back, by the rules a verdict may rest on (docs/usage.md, "Which answers a verdict rests on"): the
 * recorded outcome of that very call (the prefix), else what the user gave for its type, else — on
 * a path that repeats the recorded one — the recorded call of the same rank with equal arguments.
 * A type whose recorded calls returned nothing completes with nothing. A type whose recorded calls
 * returned a value is not answered by guess (a status check answers what happened since): the
 * scenario could not run. A type the recorded history never ran completes with no result, an
 * answer the reports list as assumed (`invented`).
 */
export class Results {
  readonly invented = new Set<string>();
  private readonly activities = new Map<string, RecordedCall[]>();
  private readonly children = new Map<string, RecordedCall[]>();
  private readonly locals = new Map<string, RecordedCall[]>();

  constructor(
    private readonly recorded: HistoryEvent[],
    private readonly given: GivenResults | undefined,
    private readonly decoder: PayloadDecoder,
    private readonly converter: PayloadConverter = defaultPayloadConverter,
    private readonly rules: AnswerRules = {
      samePath: false,
      strict: false,
      scenario: () => ({ fault: '', step: { index: 0, activityType: '' }, completed: [] }),
    },
  ) {
    for (const event of recorded) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled)
        this.callsOf(this.activities, activityTypeOf(event)).push({
          eventId: idOf(event.eventId),
          args: this.argsKey(scheduled.input?.payloads),
        });
      const completed = event.activityTaskCompletedEventAttributes;
      if (completed)
        this.complete(
          this.activities,
          activityTypeOf,
          recorded[idOf(completed.scheduledEventId) - 1],
          recorded,
          completed.result?.payloads,
        );
      const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (initiated)
        this.callsOf(this.children, childTypeOf(event)).push({
          eventId: idOf(event.eventId),
          args: this.argsKey(initiated.input?.payloads),
        });
      const child = event.childWorkflowExecutionCompletedEventAttributes;
      if (child)
        this.complete(
          this.children,
          childTypeOf,
          recorded[idOf(child.initiatedEventId) - 1],
          recorded,
          child.result?.payloads,
        );
      const local = localActivityData(event);
      if (local) {
        const marker = event.markerRecordedEventAttributes!;
        const payloads = marker.details?.result?.payloads ?? undefined;
        // A marker does not hold the call's arguments: local calls match by rank alone.
        this.callsOf(this.locals, local.activity_type).push({
          eventId: idOf(event.eventId),
          args: '',
          ...(marker.failure ? {} : { result: this.result(payloads) }),
        });
      }
    }
  }

  /** The result of an activity the continuation completes, or UnknownAnswer. */
  forActivity(
    scheduledEventId: number,
    scheduled: HistoryEvent,
    path: HistoryEvent[] = this.recorded,
  ): Payload[] | undefined {
    const attributes = scheduled.activityTaskScheduledEventAttributes!;
    const type = attributes.activityType?.name ?? '';
    const same =
      this.recorded[scheduledEventId - 1] === scheduled
        ? recordedCompletion(this.recorded, scheduledEventId)
        : undefined;
    if (same) return same.result?.payloads ?? undefined;
    const rank = path
      .slice(0, scheduledEventId)
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;
    return this.answer('activity', type, attributes.input?.payloads, rank, this.activities, path, scheduledEventId)
      ?.payloads;
  }

  /** The result of a child workflow the continuation completes, by the same rules as an activity's. */
  forChild(initiated: HistoryEvent, path: HistoryEvent[] = this.recorded): Payload[] | undefined {
    return this.childAnswer(initiated, path, true)?.payloads;
  }

  /**
   * The child's result where the recorded history or `--results` holds it; undefined where the
   * rules would assume one (a type the recorded run never started); UnknownAnswer where none may be given.
   */
  knownChild(initiated: HistoryEvent, path: HistoryEvent[]): { payloads: Payload[] | undefined } | undefined {
    const answer = this.childAnswer(initiated, path, false);
    return answer && { payloads: answer.payloads };
  }

  private childAnswer(initiated: HistoryEvent, path: HistoryEvent[], assume: boolean) {
    const attributes = initiated.startChildWorkflowExecutionInitiatedEventAttributes!;
    const type = attributes.workflowType?.name ?? '';
    const rank = path
      .slice(0, idOf(initiated.eventId))
      .filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name === type).length;
    return this.answer(
      'child workflow',
      type,
      attributes.input?.payloads,
      rank,
      this.children,
      path,
      idOf(initiated.eventId),
      false,
      assume,
    );
  }

  /**
   * The result of the `rank`-th (from 1) live call of a local activity type, by the same rules (a
   * recorded marker holds no arguments: on a repeated path the call of the same rank answers).
   * UnknownAnswer when none may be given.
   */
  forLocalActivity(type: string, args: unknown[], rank: number, path: HistoryEvent[]): { value: unknown } | undefined {
    const payloads = args.map((arg) => this.converter.toPayload(arg) as Payload);
    const answer = this.answer('local activity', type, payloads, rank, this.locals, path, path.length + 1, true);
    return answer && { value: answer.value };
  }

  private answer(
    kind: string,
    type: string,
    input: Payload[] | null | undefined,
    rank: number,
    recorded: Map<string, RecordedCall[]>,
    path: HistoryEvent[],
    callEventId: number,
    byRankOnly = false,
    assume = true,
  ) {
    const calls = recorded.get(type) ?? [];
    const args = this.argsKey(input);
    if (this.given && Object.hasOwn(this.given, type)) return this.givenAnswer(kind, type, input, args, calls, path);
    // The same call at the same moment: the recorded call of this rank, with equal arguments, after the same calls with the same outcomes.
    const same = calls[rank - 1];
    if (
      same?.result &&
      (byRankOnly || same.args === args) &&
      (this.rules.samePath || this.sameWorldBefore(path, callEventId, same.eventId))
    )
      return same.result;
    const completed = calls.filter((call) => call.result);
    if (completed.some((call) => call.result!.value != null)) {
      throw new UnknownAnswer(
        `${kind} ${type} returned a value when recorded, and what it returns here (after the fault) is not in the recorded history: ` +
          `answer it with --results (a value, a function of its arguments and the scenario, or {"$reuse": true} for the recorded result of a call with equal arguments)`,
      );
    }
    if (completed.length > 0) return completed[0].result; // its recorded calls returned nothing
    if (!assume) return undefined;
    if (this.rules.strict)
      throw new UnknownAnswer(
        `${kind} ${type} never completed in the recorded history: its answer would be assumed (no result), and --strict-answers refuses that; answer it with --results`,
      );
    this.invented.add(type);
    // Nothing, as the worker encodes a function that returns nothing (binary/null).
    return { value: undefined, payloads: [this.converter.toPayload(undefined) as Payload] };
  }

  private givenAnswer(
    kind: string,
    type: string,
    input: Payload[] | null | undefined,
    args: string,
    calls: RecordedCall[],
    path: HistoryEvent[],
  ) {
    const given = this.given![type];
    if (isReuse(given)) {
      const equal = calls.find((call) => call.result && call.args === args);
      if (!equal)
        throw new UnknownAnswer(
          `${kind} ${type}: --results reuses recorded results, but no recorded call of it had these arguments (${args})`,
        );
      return equal.result;
    }
    const value =
      typeof given === 'function'
        ? (given as (...args: unknown[]) => unknown)(...this.decoder.values(input), this.rules.scenario(path))
        : given;
    const payload = this.converter.toPayload(value) as Payload;
    return { value, payloads: [payload] };
  }

  /**
   * Whether the world has seen the same calls, with the same outcomes so far, before this call on
   * the path as before the recorded call: then it answers as it did (a forward step after a signal
   * that changed nothing yet). Signals and timers do not reach the world; a fault's failure does.
   */
  private sameWorldBefore(path: HistoryEvent[], callEventId: number, recordedEventId: number): boolean {
    const read = {
      args: (p: Payload[] | null | undefined) => this.argsKey(p),
      value: (p: Payload[] | undefined) => this.result(p)?.value,
    };
    return stable(worldBefore(path, callEventId, read)) === stable(worldBefore(this.recorded, recordedEventId, read));
  }

  private callsOf(map: Map<string, RecordedCall[]>, type: string | null | undefined): RecordedCall[] {
    const calls = map.get(type ?? '') ?? [];
    map.set(type ?? '', calls);
    return calls;
  }

  /** Marks the recorded call that `start` (its scheduled or initiated event) began completed with `payloads`. */
  private complete(
    map: Map<string, RecordedCall[]>,
    typeOf: (event: HistoryEvent) => string | undefined,
    start: HistoryEvent | undefined,
    recorded: HistoryEvent[],
    payloads: Payload[] | null | undefined,
  ): void {
    const type = start && typeOf(start);
    if (type === undefined) return;
    const rank = recorded.slice(0, idOf(start!.eventId)).filter((e) => typeOf(e) === type).length;
    const call = map.get(type)?.[rank - 1];
    if (call) call.result = this.result(payloads ?? undefined);
  }

  private result(payloads: Payload[] | undefined): RecordedCall['result'] {
    const payload = payloads?.[0];
    return { value: payload ? this.decoder.value(payload) : undefined, payloads };
  }

  private argsKey(payloads: Payload[] | null | undefined): string {
    return stable(this.decoder.values(payloads));
  }

  /**
   * How an activity of the recorded prefix (the very same event) failed on record, when it did: a
   * step still running when the workflow was cancelled fails as it did (the world is the same).
   */
  recordedFailure(scheduledEventId: number, scheduled: HistoryEvent) {
    return recordedFailure(this.recorded, scheduledEventId, scheduled);
  }
}
