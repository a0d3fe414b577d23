import { readFileSync } from 'node:fs';
import { defaultPayloadConverter, type PayloadConverter } from '@temporalio/common';
import { idOf, type HistoryEvent, type Payload } from '../history/events';
import type { PayloadDecoder } from '../replay/decode';
import { localActivityData } from '../steps/local-activity-steps';
import { loadUserModule } from '../util/load-module';

/** Results given by the user (`--results`), by activity type: a value, or a function of the call's arguments. */
export type GivenResults = Record<string, unknown>;

/**
 * The result a server would hand back for an activity the continuation completes. In order: what
 * the recorded history holds for that very activity, what the user gave for its type, what the
 * recorded history holds for another call of the same type. Past that the tool does not know: the
 * activity completes with no result, and the type is remembered as invented so that a crash which
 * follows is not blamed on the team's code.
 */
export class Results {
  readonly invented = new Set<string>();
  private readonly byType = new Map<string, Payload[] | undefined>();
  private readonly childByType = new Map<string, Payload[] | undefined>();

  constructor(
    private readonly recorded: HistoryEvent[],
    private readonly given: GivenResults | undefined,
    private readonly decoder: PayloadDecoder,
    private readonly converter: PayloadConverter = defaultPayloadConverter,
  ) {
    for (const event of recorded) {
      const child = event.childWorkflowExecutionCompletedEventAttributes;
      const childType = child?.workflowType?.name;
      if (childType && !this.childByType.has(childType)) this.childByType.set(childType, child.result?.payloads ?? undefined);
      const completed = event.activityTaskCompletedEventAttributes;
      if (!completed) continue;
      const type = recorded[idOf(completed.scheduledEventId) - 1]?.activityTaskScheduledEventAttributes?.activityType?.name;
      if (type && !this.byType.has(type)) this.byType.set(type, completed.result?.payloads ?? undefined);
    }
  }

  forActivity(scheduledEventId: number, scheduled: HistoryEvent): Payload[] | undefined {
    const attributes = scheduled.activityTaskScheduledEventAttributes!;
    const type = attributes.activityType?.name ?? '';
    const same = this.recorded[scheduledEventId - 1] === scheduled ? this.recordedCompletion(scheduledEventId) : undefined;
    if (same) return same.result?.payloads ?? undefined;
    if (this.given && Object.hasOwn(this.given, type)) return this.givenResult(type, attributes.input?.payloads);
    if (this.byType.has(type)) return this.byType.get(type);
    this.invented.add(type);
    return undefined;
  }

  /**
   * The result of a child workflow the continuation completes: what the recorded history holds for
   * a child of that type, what the user gave for its type, else none (remembered as invented).
   */
  forChild(initiated: HistoryEvent): Payload[] | undefined {
    const attributes = initiated.startChildWorkflowExecutionInitiatedEventAttributes!;
    const type = attributes.workflowType?.name ?? '';
    if (this.given && Object.hasOwn(this.given, type)) return this.givenResult(type, attributes.input?.payloads);
    if (this.childByType.has(type)) return this.childByType.get(type);
    this.invented.add(type);
    return undefined;
  }

  /**
   * Results for the local activities the workflow runs live, by type: what the recorded markers
   * hold (the first of each type that succeeded), else the value the user gave for the type.
   */
  localActivityResults(): Record<string, unknown> {
    const results: Record<string, unknown> = {};
    for (const [type, given] of Object.entries(this.given ?? {})) if (typeof given !== 'function') results[type] = given;
    for (const event of this.recorded) {
      const data = localActivityData(event);
      const payload = event.markerRecordedEventAttributes?.details?.result?.payloads?.[0];
      if (data && payload && !event.markerRecordedEventAttributes?.failure && !Object.hasOwn(results, data.activity_type)) {
        results[data.activity_type] = this.decoder.value(payload);
      }
    }
    return results;
  }

  /** Each recorded local activity call's result by type, in order (null where the call failed): the n-th live call of a type gets the n-th. */
  localActivityCalls(): Record<string, Array<{ result: unknown } | null>> {
    const calls: Record<string, Array<{ result: unknown } | null>> = {};
    for (const event of this.recorded) {
      const data = localActivityData(event);
      if (!data) continue;
      const marker = event.markerRecordedEventAttributes!;
      const payload = marker.details?.result?.payloads?.[0];
      (calls[data.activity_type] ??= []).push(marker.failure ? null : { result: payload ? this.decoder.value(payload) : undefined });
    }
    return calls;
  }

  /** The recorded completion of an activity of the recorded prefix (the very same event, not one at the same id). */
  private recordedCompletion(scheduledEventId: number) {
    return this.recorded.find((e) => idOf(e.activityTaskCompletedEventAttributes?.scheduledEventId) === scheduledEventId)
      ?.activityTaskCompletedEventAttributes;
  }

  private givenResult(type: string, input: Payload[] | null | undefined): Payload[] {
    const given = this.given![type];
    const value = typeof given === 'function' ? (given as (...args: unknown[]) => unknown)(...this.decoder.values(input)) : given;
    return [this.converter.toPayload(value) as Payload];
  }
}

/** Reads `--results`: a JSON file, or a .ts/.js module exporting the map (as `results` or default). */
export function loadGivenResults(path: string): GivenResults {
  let given: unknown;
  if (path.endsWith('.json')) {
    try {
      given = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`results file ${path}: ${(err as Error).message}`);
    }
  } else {
    const module = loadUserModule(path, 'results');
    given = module.results ?? module.default ?? module;
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new Error(`results file ${path}: expected an object of results by activity type, e.g. {"chargeCard": {"chargeId": "c1"}}, got ${Array.isArray(given) ? 'an array' : given === null ? 'null' : typeof given}`);
  }
  return given as GivenResults;
}
