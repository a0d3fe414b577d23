import { Command } from 'commander';
import { dirname } from 'node:path';
import { recordHistory } from '../record/record';
import { redactOptionsOf, withRedactFlags } from '../record/redact';
import { installQuietRuntime } from '../util/quiet';
import { parseSignalDuring } from '../record/workflow-events';
import { eventTypeOf, WAITING } from '../record/child-faults';
import { collect, parseJsonArray, parseJsonObject, parseServer, positiveInteger, searchAttribute } from './options';
import { withHelp } from './help';

export function recordCommand(): Command {
  return withHelp(withRedactFlags(new Command('record')).exitOverride(), [
    'fault-replay record --workflows examples/tenant-provisioning/workflows.ts --activities examples/tenant-provisioning/activities.ts --workflow-type provisionTenant --args \'[{"tenantId":"acme","ownerUserId":"ada","plan":"team"}]\' --out /tmp/happy.json',
  ])
    .description('run a workflow on a local Temporal server and write its history as JSON')
    .requiredOption('--workflows <module>', 'workflows module (.ts or .js)')
    .requiredOption('--activities <module>', 'activities module (.ts or .js)')
    .requiredOption('--workflow-type <name>', 'workflow function to start')
    .option('--args <json>', 'workflow arguments as a JSON array', parseJsonArray, [])
    .option(
      '--fail-activity <type>',
      'make this activity throw a non-retryable InjectedFailure (repeatable)',
      collect,
      [],
    )
    .option(
      '--fail-activity-retryable <type>',
      'make this activity throw a retryable InjectedRetryableFailure on every attempt (repeatable)',
      collect,
      [],
    )
    .option(
      '--fail-activity-once <type>',
      'make this activity throw a retryable InjectedRetryableFailure on its first attempt, then run for real (repeatable)',
      collect,
      [],
    )
    .option(
      '--hang-activity <type>',
      'make this activity never answer nor heartbeat, so its timeouts fire for real (repeatable)',
      collect,
      [],
    )
    .option(
      '--activity-worker-delay <ms>',
      'poll activities only this long after the start, so a shorter schedule-to-start timeout fires for real',
      positiveInteger,
    )
    .option(
      '--fail-task-scheduling <type>',
      'the worker fails (unexpected error) the first workflow task that schedules this activity (or starts a child workflow of this type, runs this local activity, starts this timer: timer(2s)); the server retries the task on a worker without the fault',
    )
    .option(
      '--crash-worker-after <type>',
      "the worker stalls past the workflow task timeout (as if killed) in the task that handles this activity's completion (a child workflow type, a timer: timer(2s); a local activity: the task that ran it); the server retries the task",
    )
    .option(
      '--fail-child <type>',
      'make child workflows of this type throw a non-retryable InjectedFailure (repeatable)',
      collect,
      [],
    )
    .option(
      '--hang-child <type>',
      'make child workflows of this type never end, so their timeout fires for real (repeatable)',
      collect,
      [],
    )
    .option(
      '--terminate-child <type>',
      'make child workflows of this type never end, and terminate each once started (repeatable)',
      collect,
      [],
    )
    .option(
      '--cancel-child <type>',
      "make child workflows of this type never end, and request each one's cancellation once started (repeatable)",
      collect,
      [],
    )
    .option(
      '--cancel-workflow-during <type>',
      'request cancellation of the workflow when this activity starts (the activity must heartbeat to see it)',
    )
    .option(
      '--cancel-workflow-after <event>',
      'request cancellation of the workflow once its history holds an event of this type, e.g. TimerStarted (while it waits), or Waiting: once it waits with nothing open (a condition() without a timeout)',
      parseEventType,
    )
    .option(
      '--signal-during <type=signal>',
      'send this signal to the workflow when this activity starts, e.g. charge=abort',
      parseSignalDuring,
    )
    .option('--signal-args <json>', 'the arguments of the --signal-during signal, as a JSON array', parseJsonArray, [])
    .option(
      '--keep-open-history',
      'when the workflow does not close in time, write its history so far instead of failing',
    )
    .requiredOption('--out <file>', 'history file to write')
    .option('--server <kind>', 'dev or time-skipping', parseServer, 'dev')
    .option('--timeout <ms>', 'how long to wait for the workflow to close', positiveInteger, 60_000)
    .option('--workflow-id <id>', 'workflow id (default: generated)')
    .option('--namespace <ns>', 'namespace to create on the local server and run in (dev server)')
    .option('--task-queue <queue>', 'task queue of the worker and the workflow')
    .option(
      '--search-attribute <NAME=TYPE>',
      'register a custom search attribute on the local server (repeatable)',
      searchAttribute,
      [],
    )
    .option(
      '--search-attribute-values <json>',
      'search attributes to start the workflow with, e.g. \'{"CustomerId":["c1"]}\'',
      parseJsonObject,
    )
    .option('--memo <json>', 'memo to start the workflow with (a JSON object)', parseJsonObject)
    .action(async (opts) => {
      installQuietRuntime();
      const result = await recordHistory({
        workflowsPath: opts.workflows,
        activitiesPath: opts.activities,
        workflowType: opts.workflowType,
        args: opts.args,
        failActivities: opts.failActivity,
        failActivitiesRetryable: opts.failActivityRetryable,
        failActivitiesOnce: opts.failActivityOnce,
        hangActivities: opts.hangActivity,
        activityWorkerDelayMs: opts.activityWorkerDelay,
        crashWorkerAfter: opts.crashWorkerAfter,
        failTaskScheduling: opts.failTaskScheduling,
        failChildren: opts.failChild,
        hangChildren: opts.hangChild,
        terminateChildren: opts.terminateChild,
        cancelChildren: opts.cancelChild,
        cancelWorkflowDuring: opts.cancelWorkflowDuring,
        cancelAfterEventType: opts.cancelWorkflowAfter,
        signalDuring: opts.signalDuring && { ...opts.signalDuring, args: opts.signalArgs },
        keepOpenHistory: Boolean(opts.keepOpenHistory),
        out: opts.out,
        server: opts.server,
        timeoutMs: opts.timeout,
        workflowId: opts.workflowId,
        redact: redactOptionsOf(opts, dirname(opts.out), (line) => console.error(line)),
        namespace: opts.namespace,
        taskQueue: opts.taskQueue,
        searchAttributes: opts.searchAttribute,
        startSearchAttributes: opts.searchAttributeValues as Record<string, unknown[]> | undefined,
        memo: opts.memo,
      });
      const end = result.open ? `still open (${result.open})` : `closed with ${result.closeEventType}`;
      console.log(`recorded ${result.out}: ${result.events} events, ${end}`);
    });
}

/** `TimerStarted`, checked now (a misspelt event type would otherwise wait for ever). */
function parseEventType(name: string): string {
  if (name !== WAITING) eventTypeOf(name);
  return name;
}
