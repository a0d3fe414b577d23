import { ApplicationFailure } from '@temporalio/common';

export type Activities = Record<string, (...args: unknown[]) => Promise<unknown>>;

export const INJECTED_FAILURE = 'InjectedFailure';
export const INJECTED_RETRYABLE_FAILURE = 'InjectedRetryableFailure';

/** What the recorder does to the activities so that a fault happens for real on the server. */
export interface ActivityFaults {
  /** Throw a non-retryable `InjectedFailure` on every attempt. */
  failActivities?: string[];
  /** Throw a retryable `InjectedRetryableFailure` on every attempt, until the retry policy gives up. */
  failActivitiesRetryable?: string[];
  /** Throw a retryable `InjectedRetryableFailure` on the first attempt only, then run for real (the server retries it). */
  failActivitiesOnce?: string[];
  /** Never answer and never heartbeat, so the step's timeouts fire for real on the server. */
  hangActivities?: string[];
}

/**
 * The activities with the requested faults wired in. `released` ends every hung attempt (the
 * recorder aborts it before the worker shuts down, so no attempt outlives the recording).
 */
export function withActivityFaults(activities: Activities, faults: ActivityFaults, released: AbortSignal): Activities {
  let wrapped = activities;
  wrapped = replace(wrapped, faults.failActivities ?? [], '--fail-activity', (type) => async () => {
    throw ApplicationFailure.nonRetryable(`injected failure in ${type}`, INJECTED_FAILURE);
  });
  wrapped = replace(wrapped, faults.failActivitiesRetryable ?? [], '--fail-activity-retryable', (type) => async () => {
    throw retryable(type);
  });
  wrapped = replace(wrapped, faults.failActivitiesOnce ?? [], '--fail-activity-once', (type, real) => {
    let failed = false;
    return async (...args: unknown[]) => {
      if (failed) return real(...args);
      failed = true;
      throw retryable(type);
    };
  });
  wrapped = replace(wrapped, faults.hangActivities ?? [], '--hang-activity', (type) => () => hang(type, released));
  return wrapped;
}

function retryable(type: string): ApplicationFailure {
  return ApplicationFailure.retryable(`injected retryable failure in ${type}`, INJECTED_RETRYABLE_FAILURE);
}

function hang(type: string, released: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const end = () =>
      reject(
        ApplicationFailure.nonRetryable(
          `${type} was left hanging by --hang-activity until the recording ended`,
          'HungActivity',
        ),
      );
    if (released.aborted) end();
    else released.addEventListener('abort', end, { once: true });
  });
}

function replace(
  activities: Activities,
  types: string[],
  flag: string,
  make: (type: string, real: (...args: unknown[]) => Promise<unknown>) => (...args: unknown[]) => Promise<unknown>,
): Activities {
  const wrapped = { ...activities };
  for (const type of types) {
    const real = wrapped[type];
    if (!real) throw new Error(`${flag} ${type}: the activities module has no such activity`);
    wrapped[type] = make(type, real);
  }
  return wrapped;
}
