import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { loadHistories } from '../../src/load/load';
import { long } from '../../src/history/events';
import { encodedEntry, encodeHistory, withHistoryField } from '../../src/history/encoded';

const service = temporal.api.workflowservice.v1;

/** Histories encoded from each event's kept bytes are the bytes protobufjs writes for the whole history. */
describe('encoded histories', () => {
  const { histories } = loadHistories(['histories/travel-booking', 'histories/order-fulfilment']);

  it('a history from its events’ entries = the History protobufjs encodes, byte for byte (every committed history tried)', () => {
    expect(histories.length).to.be.greaterThan(5);
    for (const history of histories) {
      const expected = Buffer.from(temporal.api.history.v1.History.encode({ events: history.events }).finish());
      expect(Buffer.from(encodeHistory(history.events)).equals(expected), history.file).to.equal(true);
    }
  });

  it('a task with its history field written last decodes to the same task as one encoded whole', () => {
    const events = histories[0].events;
    const task = {
      taskToken: new Uint8Array([1, 2, 3]),
      workflowExecution: { workflowId: 'w', runId: 'r' },
      workflowType: { name: 't' },
      startedEventId: long(7),
      attempt: 1,
      scheduledTime: events[0].eventTime,
    };
    const whole = service.PollWorkflowTaskQueueResponse.encode({ ...task, history: { events } }).finish();
    const bytes = withHistoryField(
      service.PollWorkflowTaskQueueResponse.encode(task).finish(),
      (service.PollWorkflowTaskQueueResponse as unknown as { fields: Record<string, { id: number }> }).fields.history
        .id,
      events,
    );
    const decoded = service.PollWorkflowTaskQueueResponse.toObject(
      service.PollWorkflowTaskQueueResponse.decode(bytes),
      {
        longs: String,
        bytes: String,
      },
    );
    expect(decoded).to.deep.equal(
      service.PollWorkflowTaskQueueResponse.toObject(service.PollWorkflowTaskQueueResponse.decode(whole), {
        longs: String,
        bytes: String,
      }),
    );
    expect(decoded.history.events).to.have.length(events.length);
  });

  it('an event is encoded once: a later history holding it reuses the same bytes', () => {
    const [event] = histories[0].events;
    expect(encodedEntry(event)).to.equal(encodedEntry(event));
    expect(encodedEntry({ ...event })).not.to.equal(encodedEntry(event));
  });
});
