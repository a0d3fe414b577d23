// Histories whose payloads would not decode in the replayed workflow, and a 50,000-event history.
import type { MalformedCase } from './case';
import {
  attributesOf,
  b64,
  binary,
  editEvent,
  eventOf,
  firstPayload,
  gzip,
  JsonEvent,
  recorded,
  repeatedSteps,
} from './edit';

const happy = recorded('happy');
const failed = recorded('real-failure-createOwnerMembership');

function payloadEdit(id: number, edit: (payload: JsonEvent) => void) {
  return () => editEvent(happy, id, (event) => edit(firstPayload(event)));
}

const jsonPlain = (data: string) => ({ metadata: { encoding: b64('json/plain') }, data: b64(data) });

export const FIFTY_THOUSAND = 50_000;

export const PAYLOAD_CASES: MalformedCase[] = [
  {
    file: 'payload-data-not-base64.json',
    what: "event 1's input data is not base64",
    make: payloadEdit(1, (p) => (p.data = '%%% not base64 %%%')),
  },
  {
    file: 'payload-encoding-not-base64.json',
    what: "event 7's result encoding metadata is not base64",
    make: payloadEdit(7, (p) => (p.metadata.encoding = 'json/plain')),
  },
  {
    file: 'payload-json-invalid.json',
    what: "event 5's json/plain input is cut JSON",
    make: payloadEdit(5, (p) => (p.data = b64('{"tenantId":'))),
  },
  {
    file: 'payload-result-json-invalid.json',
    what: "event 7's json/plain result is not JSON",
    make: payloadEdit(7, (p) => (p.data = b64('tenant-record-created'))),
  },
  {
    file: 'payload-unknown-encoding.json',
    what: "event 7's result is encoded msgpack/plain",
    make: payloadEdit(7, (p) => (p.metadata.encoding = b64('msgpack/plain'))),
  },
  {
    file: 'payload-encrypted.json',
    what: "event 1's input is binary/encrypted (a codec the check does not have)",
    make: payloadEdit(1, (p) => (p.metadata.encoding = b64('binary/encrypted'))),
  },
  {
    file: 'payload-no-encoding.json',
    what: "event 7's result has no encoding metadata",
    make: payloadEdit(7, (p) => (p.metadata = {})),
  },
  {
    file: 'payload-protobuf-json-invalid.json',
    what: "event 7's result is json/protobuf but not JSON",
    make: payloadEdit(7, (p) => {
      p.metadata = { encoding: b64('json/protobuf'), messageType: b64('temporal.api.common.v1.WorkflowType') };
      p.data = b64('name: x');
    }),
  },
  {
    file: 'payload-null.json',
    what: "event 5's input payloads hold null",
    make: () => editEvent(happy, 5, (e) => (e.activityTaskScheduledEventAttributes.input.payloads = [null])),
  },
  {
    file: 'payload-bad-in-header.json',
    what: "event 5's header carries a field whose JSON is cut",
    make: () =>
      editEvent(
        happy,
        5,
        (e) => (e.activityTaskScheduledEventAttributes.header = { fields: { tracing: jsonPlain('{"traceId":') } }),
      ),
  },
  {
    file: 'payload-bad-in-failure-details.json',
    what: 'real-failure-createOwnerMembership.json; the failure of event 25 carries details that are not JSON',
    make: () =>
      editEvent(
        failed,
        25,
        (e) => (attributesOf(e).value.failure.applicationFailureInfo.details = { payloads: [jsonPlain('not json')] }),
      ),
  },
  {
    file: 'binary-payload-json-invalid.bin',
    what: "binary protobuf; event 7's result is not JSON",
    make: () => {
      const result = eventOf(happy.json, 7).activityTaskCompletedEventAttributes.result;
      return binary(happy.json, (history) => {
        history.events![6].activityTaskCompletedEventAttributes!.result = {
          payloads: [
            {
              metadata: { encoding: Buffer.from('json/plain') },
              data: Buffer.from(`${Buffer.from(result.payloads[0].data, 'base64')}}`),
            },
          ],
        };
      });
    },
  },
  {
    file: 'fifty-thousand-events.json.gz',
    what: `${FIFTY_THOUSAND} events (happy.json's first step repeated), gzipped; event 49999's result is not JSON`,
    make: () => {
      const long = repeatedSteps(happy, FIFTY_THOUSAND);
      const last = long.events[49998];
      if (last.eventType !== 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED') throw new Error(`event 49999 is ${last.eventType}`);
      firstPayload(last).data = b64('{"result": ');
      return gzip(JSON.stringify(long));
    },
  },
];
