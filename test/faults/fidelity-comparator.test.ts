/**
 * The fidelity tests' comparison can fail: a real failure history compared with itself passes, and
 * each mutation of the kind a broken rewrite or answer would make (a wrong task queue, a wrong
 * activity type, times that go back, a timer that fires early, an event too many or too few, a
 * different failure) is caught.
 */
import { expect } from 'chai';
import { long, type HistoryEvent } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { expectSameEvents } from '../support/fidelity';

const real = loadHistoryFile('histories/tenant-provisioning/real-failure-createTenantSchema.json').events;
const timers = loadHistoryFile('test/fixtures/truthful/histories/live-deadline-sleep-ship.json').events;

/** A deep copy with one event changed, as a broken rewrite would write it. */
function mutated(events: HistoryEvent[], change: (copy: HistoryEvent[]) => void): HistoryEvent[] {
  const copy = events.map((event) => structuredClone(event));
  change(copy);
  return copy;
}

const firstWith = (events: HistoryEvent[], key: keyof HistoryEvent) => events.find((event) => event[key])!;

describe('the fidelity comparison catches what a broken rewrite or answer would change', () => {
  it('a history compared with itself passes (control)', () => {
    expectSameEvents(real, real);
    expectSameEvents(timers, timers);
  });

  const mutations: Array<[string, HistoryEvent[], (copy: HistoryEvent[]) => void]> = [
    [
      'an activity on the wrong task queue',
      real,
      (c) =>
        (firstWith(c, 'activityTaskScheduledEventAttributes').activityTaskScheduledEventAttributes!.taskQueue!.name =
          'elsewhere'),
    ],
    [
      'a wrong activity type',
      real,
      (c) =>
        (firstWith(c, 'activityTaskScheduledEventAttributes').activityTaskScheduledEventAttributes!.activityType!.name =
          'otherActivity'),
    ],
    [
      'a failure of another type',
      real,
      (c) =>
        (firstWith(
          c,
          'activityTaskFailedEventAttributes',
        ).activityTaskFailedEventAttributes!.failure!.applicationFailureInfo!.type = 'Other'),
    ],
    [
      'a retryable failure where it was not',
      real,
      (c) =>
        (firstWith(
          c,
          'activityTaskFailedEventAttributes',
        ).activityTaskFailedEventAttributes!.failure!.applicationFailureInfo!.nonRetryable = false),
    ],
    ['an event too few', real, (c) => c.pop()],
    ['an event too many', real, (c) => c.push({ ...c[c.length - 1], eventId: long(c.length + 1) })],
    ['a time that goes back', real, (c) => (c[c.length - 1].eventTime = { seconds: long(0), nanos: 0 })],
    [
      'a timer that fires before its duration',
      timers,
      (c) => {
        const fired = firstWith(c, 'timerFiredEventAttributes');
        const started = c[Number(fired.timerFiredEventAttributes!.startedEventId) - 1];
        fired.eventTime = started.eventTime;
        for (const later of c.slice(Number(fired.eventId))) later.eventTime = started.eventTime; // keep times from going back
      },
    ],
  ];

  for (const [name, events, change] of mutations) {
    it(`${name}: caught`, () => {
      expect(() => expectSameEvents(mutated(events, change), events)).to.throw();
    });
  }
});
