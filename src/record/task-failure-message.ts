/**
 * The failure message of a workflow task that the worker fails before it schedules `activityType`:
 * what `record --fail-task-scheduling` throws live, and what `worker-crash:task-failed` writes (the
 * same text, so the fidelity test compares the two histories whole). No imports: bundled into the
 * workflow sandbox by the recorder.
 */
export function taskFailureMessage(activityType: string): string {
  return `fault-replay: the worker fails the workflow task that schedules ${activityType}`;
}
