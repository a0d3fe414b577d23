// More ways one event can be damaged, each in a copy of a recorded history.
import type { MalformedCase } from './case';
import { attributesOf, editEvent, firstPayload, b64, pretty, recorded } from './edit';

const happy = recorded('happy');

export const MORE_EVENT_CASES: MalformedCase[] = [
  { file: 'event-id-zero.json', what: 'event 1 has id "0"', make: () => editEvent(happy, 1, (e) => (e.eventId = '0')) },
  {
    file: 'event-id-negative.json',
    what: 'event 5 has id "-5"',
    make: () => editEvent(happy, 5, (e) => (e.eventId = '-5')),
  },
  {
    file: 'event-id-too-large.json',
    what: 'event 5 has id "99999999999999999999" (more than 64 bits)',
    make: () => editEvent(happy, 5, (e) => (e.eventId = '99999999999999999999')),
  },
  {
    file: 'event-type-object.json',
    what: 'event 6 has an object as its eventType',
    make: () => editEvent(happy, 6, (e) => (e.eventType = { name: 'ActivityTaskStarted' })),
  },
  {
    file: 'event-type-dashed.json',
    what: 'event 6 is "activity-task-started"',
    make: () => editEvent(happy, 6, (e) => (e.eventType = 'activity-task-started')),
  },
  {
    file: 'event-array.json',
    what: 'the fourth event is an array',
    make: () => pretty({ events: happy.json.events.map((e, i) => (i === 3 ? [e] : e)) }),
  },
  {
    file: 'link-to-itself.json',
    what: 'event 7 scheduledEventId names event 7 itself',
    make: () => editEvent(happy, 7, (e) => (attributesOf(e).value.scheduledEventId = '7')),
  },
  {
    file: 'link-negative.json',
    what: 'event 7 startedEventId is "-6"',
    make: () => editEvent(happy, 7, (e) => (attributesOf(e).value.startedEventId = '-6')),
  },
  {
    file: 'payload-metadata-not-object.json',
    what: "event 7's result metadata is a string",
    make: () => editEvent(happy, 7, (e) => (firstPayload(e).metadata = 'json/plain')),
  },
  {
    file: 'payload-json-not-utf8.json',
    what: "event 7's json/plain result is not UTF-8",
    make: () =>
      editEvent(
        happy,
        7,
        (e) => (firstPayload(e).data = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64')),
      ),
  },
  {
    file: 'payload-encoding-empty.json',
    what: "event 7's result has an empty encoding",
    make: () => editEvent(happy, 7, (e) => (firstPayload(e).metadata.encoding = b64(''))),
  },
];
