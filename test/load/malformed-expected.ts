/**
 * What `check` must say about each file of test/fixtures/malformed/: the text after `<file>: ` on its
 * one line (matched as a substring). Written by hand from what a person needs to read, not copied
 * from the tool's output: a changed message fails the test and is reviewed here.
 */
export const MALFORMED_EXPECTED: Record<string, string> = {
  // not a readable history at all
  'empty.json': 'the file is empty',
  'whitespace-only.json': 'the file is empty',
  'yaml-not-json.json': 'not valid JSON: Unexpected token',
  'truncated.json': 'not valid JSON: the file ends early (truncated?)',
  'trailing-garbage.json': 'not valid JSON: Unexpected non-whitespace character after JSON',
  'json-null.json':
    'not a history: expected {"events": [...]}, {"history": {"events": [...]}} or an array of events, but found null',
  'json-number.json':
    'not a history: expected {"events": [...]}, {"history": {"events": [...]}} or an array of events, but found a number',
  'json-string.json': 'but found a string',
  'golden-given-as-history.json': 'not a history: expected {"events": [...]}',
  'events-not-array.json': 'found an object with "events" (not holding an events array)',
  'events-empty.json': 'the history has no events',
  'array-empty.json': 'the history has no events',
  'history-wrapper-empty.json': 'but found an empty object',
  'event-null.json': 'event 4: the event at position 4 is null, not an event object',
  'event-string.json': 'event 4: the event at position 4 is a string, not an event object',
  'invalid-utf8.json': 'JSON text is not valid UTF-8 (first bad byte near offset',
  'bom-then-yaml.json': 'not valid JSON (after UTF-8 with BOM)',
  'utf16le-truncated.json': 'not valid JSON (after UTF-16 LE): the file ends early (truncated?)',
  'utf16be-odd-bytes.json': 'UTF-16 BE text is not valid UTF-16BE (an odd number of bytes',
  'gzip-truncated.json': 'gzip data is damaged: unexpected end of file (cut short?)',
  'gzip-bad-checksum.json.gz': 'gzip data is damaged: incorrect data check',
  'gzip-of-empty.json.gz': 'the file is empty (after gunzip)',
  'gzip-of-yaml.json.gz': 'not valid JSON (after gunzip)',
  'zip-archive.json': 'a zip archive, not a history',
  'random-bytes.bin': 'neither JSON text nor a binary protobuf History: protobuf decode failed',
  'binary-truncated.bin':
    'neither JSON text nor a binary protobuf History: protobuf decode failed: index out of range (cut short?)',
  'binary-truncated.pb.gz': 'gzip data is damaged: unexpected end of file',
  'binary-unknown-event-type.bin': 'event 6: unknown event type 999',

  // event by event
  'no-workflow-started.json': 'event 1: the first event is WorkflowTaskScheduled, not WorkflowExecutionStarted',
  'started-without-attributes.json': 'event 1: WorkflowExecutionStarted has no attributes',
  'started-without-workflow-type.json': 'event 1: WorkflowExecutionStarted names no workflow type',
  'event-type-missing.json': 'event 6: no eventType',
  'event-type-unknown.json': 'event 6: unknown event type "EVENT_TYPE_BOGUS"',
  'event-type-unknown-number.json': 'event 6: unknown event type 999',
  'event-type-unknown-pascal.json': 'event 6: unknown event type "ActivityTaskExploded"',
  'attributes-of-another-type.json':
    'event 7: event type ActivityTaskCompleted carries activityTaskFailedEventAttributes',
  'attributes-twice.json': 'event 7: does not decode: HistoryEvent: multiple values for oneof attributes',
  'attributes-not-object.json':
    'event 7: does not decode: ActivityTaskCompletedEventAttributes: expected object: "done"',
  'field-wrong-type.json': 'event 5: does not decode: ActivityType: expected object: 5',
  'field-twice.json': 'event 3: does not decode: HistoryEvent: duplicate field: "event_id"',
  'event-id-not-number.json': 'event 7: does not decode: eventId: invalid integer: "seven"',
  'event-id-skipped.json': 'event 11: ids must run consecutively from 1, but the event at position 10 has id 11',
  'event-id-repeated.json': 'event 9: ids must run consecutively from 1, but the event at position 10 has id 9',
  'event-time-invalid.json': 'event 3: does not decode: Timestamp: invalid timestamp: "yesterday"',
  'link-to-wrong-type.json':
    'event 7: scheduledEventId 4 points at a WorkflowTaskCompleted; it must name an earlier ActivityTaskScheduled',
  'link-to-later-event.json': 'event 7: scheduledEventId 11 points at a later event',
  'link-past-the-end.json': 'event 7: scheduledEventId 999 points past the end of the history (41 events)',
  'link-started-wrong.json':
    'event 7: startedEventId 5 points at an ActivityTaskScheduled; it must name an earlier ActivityTaskStarted',
  'link-workflow-task-wrong.json':
    'event 9: scheduledEventId 7 points at an ActivityTaskCompleted; it must name an earlier WorkflowTaskScheduled',
  'link-command-wrong.json': 'event 11: workflowTaskCompletedEventId 6 points at an ActivityTaskStarted',
  'completed-in-the-middle.json':
    'event 6: ActivityTaskStarted comes after the workflow closed at event 5 (WorkflowExecutionCompleted)',
  'failed-in-the-middle.json':
    'event 12: ActivityTaskStarted comes after the workflow closed at event 11 (WorkflowExecutionFailed)',
  'events-after-close.json':
    'event 42: WorkflowTaskScheduled comes after the workflow closed at event 41 (WorkflowExecutionCompleted)',
  'closed-twice.json': 'event 42: WorkflowExecutionCompleted comes after the workflow closed at event 41',
  'started-twice.json': 'event 8: a second WorkflowExecutionStarted',
  'pascal-case-after-close.json': 'event 42: WorkflowTaskScheduled comes after the workflow closed at event 41',
  'snake-case-bad-link.json': 'event 7: scheduledEventId 4 points at a WorkflowTaskCompleted',
  'array-form-skipped-id.json': 'event 11: ids must run consecutively from 1',
  'utf16le-bad-link.json': 'event 7: scheduledEventId 11 points at a later event',
  'binary-after-close.pb': 'event 42: WorkflowTaskScheduled comes after the workflow closed at event 41',
  'no-such-workflow.json': 'workflow type noSuchWorkflow is not exported by examples/tenant-provisioning/workflows.ts',

  // payloads
  'payload-data-not-base64.json':
    'event 1: does not decode: workflowExecutionStartedEventAttributes.input.payloads[0].data is not valid base64',
  'payload-encoding-not-base64.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: its "encoding" is not text',
  'payload-json-invalid.json':
    'event 5: payload activityTaskScheduledEventAttributes.input.payloads[0]: json/plain data does not decode',
  'payload-result-json-invalid.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: json/plain data does not decode',
  'payload-unknown-encoding.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: unknown encoding "msgpack/plain"',
  'payload-encrypted.json':
    'event 1: payload workflowExecutionStartedEventAttributes.input.payloads[0]: unknown encoding "binary/encrypted"',
  'payload-no-encoding.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: no "encoding" in its metadata',
  'payload-protobuf-json-invalid.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: json/protobuf data is not valid JSON',
  'payload-null.json': 'event 5: does not decode: Payloads.payloads: null element',
  'payload-bad-in-header.json':
    'event 5: payload activityTaskScheduledEventAttributes.header.fields["tracing"]: json/plain data does not decode',
  'payload-bad-in-failure-details.json':
    'event 25: payload activityTaskFailedEventAttributes.failure.applicationFailureInfo.details.payloads[0]: json/plain data does not decode',
  'binary-payload-json-invalid.bin':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: json/plain data does not decode',
  'fifty-thousand-events.json.gz':
    'event 49999: payload activityTaskCompletedEventAttributes.result.payloads[0]: json/plain data does not decode',

  // more damage, event by event
  'event-id-zero.json': 'event 1: ids must run consecutively from 1, but the event at position 1 has id 0',
  'event-id-negative.json': 'event 5: ids must run consecutively from 1, but the event at position 5 has id -5',
  'event-id-too-large.json': 'event 5: does not decode: eventId: out of range for int64: "99999999999999999999"',
  'event-type-object.json': 'event 6: unknown event type {"name":"ActivityTaskStarted"}',
  'event-type-dashed.json': 'event 6: unknown event type "activity-task-started"',
  'event-array.json': 'event 4: the event at position 4 is an array, not an event object',
  'link-to-itself.json':
    'event 7: scheduledEventId 7 points at the event itself; it must name an earlier ActivityTaskScheduled',
  'link-negative.json': 'event 7: startedEventId -6 is no event id; it must name an earlier ActivityTaskStarted',
  'payload-metadata-not-object.json':
    'event 7: does not decode: Payload.metadata: expected object for map: "json/plain"',
  'payload-json-not-utf8.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: json/plain data does not decode',
  'payload-encoding-empty.json':
    'event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: no "encoding" in its metadata',

  // hostile: bombs (the limit and the option that raises it), names that are not exports, executions still open
  'bomb-one-layer.json.gz':
    'its gzip data unpacks to more than the 64 MiB a history may be (--max-history-size 64); give a larger --max-history-size to check it',
  'bomb-two-layers.json.gz':
    'its gzip data (after gunzip) unpacks to more than the 64 MiB a history may be (--max-history-size 64); give a larger --max-history-size to check it',
  'bomb-three-layers.json.gz':
    'its gzip data (after gunzip, gunzip) unpacks to more than the 64 MiB a history may be (--max-history-size 64); give a larger --max-history-size to check it',
  'bomb-named-json.json':
    'its gzip data unpacks to more than the 64 MiB a history may be (--max-history-size 64); give a larger --max-history-size to check it',
  'bomb-binary.bin':
    'its gzip data unpacks to more than the 64 MiB a history may be (--max-history-size 64); give a larger --max-history-size to check it',
  'gzip-four-layers.json.gz': 'gzip nested more than 3 deep (after gunzip, gunzip, gunzip)',
  'layers-add-up.json.gz':
    'its gzip data (after gunzip) unpacks to more than the 64 MiB a history may be (--max-history-size 64); give a larger --max-history-size to check it',
  'workflow-type-constructor.json':
    'workflow type constructor is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-proto.json': 'workflow type __proto__ is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-tostring.json': 'workflow type toString is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-valueof.json': 'workflow type valueOf is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-hasownproperty.json':
    'workflow type hasOwnProperty is not exported by examples/tenant-provisioning/workflows.ts',
  // One line: the newline is a blank there, so no line of stderr starts with "::".
  'workflow-type-workflow-command.json':
    'workflow type provisionTenant ::set-output name=pwned::yes is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-ansi.json':
    'workflow type \\e[2J\\e[31mprovisionTenant\\e[0m is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-path.json':
    'workflow type ../../../../etc/passwd is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-markup.json':
    'workflow type <img src=x onerror=alert(1)> is not exported by examples/tenant-provisioning/workflows.ts',
  'workflow-type-long.json': 'workflow type provisionTenantprovisionTenant',
  'open-after-step-4.json':
    'the execution is not closed: its last event (28, WorkflowTaskCompleted) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed',
  'open-activity-scheduled.json':
    'the execution is not closed: its last event (17, ActivityTaskScheduled) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed',
  'open-task-started.json':
    'the execution is not closed: its last event (27, WorkflowTaskStarted) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed',
  'open-mid-rollback.json':
    'the execution is not closed: its last event (34, WorkflowTaskCompleted) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed',
  'open-only-started.json':
    'event 1: the history ends at event 1 before any workflow task (no WorkflowTaskScheduled): there is nothing to replay',
  'open-binary.pb':
    'the execution is not closed: its last event (16, WorkflowTaskCompleted) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed',
  'open-gzipped.json.gz':
    'the execution is not closed: its last event (34, WorkflowTaskCompleted) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed',
};
