/**
 * Records the travel-booking saga (examples/travel-booking) on a real local Temporal dev server:
 *   histories/travel-booking/happy.json        the trip booked
 *   histories/travel-booking/aborted.json      the `abort` signal sent in the abort window (a signal on record)
 *   test/fixtures/travel-booking-faults/*.json each child-workflow and local-activity fault happening for real
 *     (the fidelity tests compare the tool's rewrites of happy.json with them)
 * Run: npm run record:travel-booking   (then `npm run check -- --update` and review the golden diff)
 */
import { join } from 'node:path';
import { WAITING } from '../src/record/child-faults';
import { recordHistory, type RecordOptions } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';
import { runScript } from './run-script';

export const TRIP = { tripId: 'trip-42', traveller: 'ada', hotel: 'grand', flight: 'LH400', amountCents: 120000 };

const EXAMPLE = 'examples/travel-booking';
const FAULTS = 'test/fixtures/travel-booking-faults';
const APPROVAL = 'test/fixtures/approval-wait';

const RUNS: Array<{ out: string; faults?: Partial<RecordOptions>; workflowsPath?: string; workflowType?: string }> = [
  { out: 'histories/travel-booking/happy.json' },
  {
    out: 'histories/travel-booking/aborted.json',
    faults: { signals: [{ name: 'abort', args: ['plans changed'], afterEventType: 'TimerStarted' }] },
  },
  // The abort signal while the flight child runs (it waits 3 s first), once the workflow has seen it start.
  {
    out: `${FAULTS}/signal-abort-bookFlight.json`,
    faults: {
      slowChildren: ['bookFlight'],
      signals: [
        { name: 'abort', args: ['plans changed'], afterEventType: 'ChildWorkflowExecutionStarted', idle: true },
      ],
    },
  },
  // The workflow cancelled while it waits in the abort window (a timer step).
  { out: `${FAULTS}/workflow-cancel-timer.json`, faults: { cancelAfterEventType: 'TimerStarted' } },
  // The worker fails the workflow task that schedules the step, once: the first task (normal queue: it runs the
  // local activity quoteTrip and schedules reserveHotel), then one on the sticky queue.
  { out: `${FAULTS}/worker-task-failed-quoteTrip.json`, faults: { failTaskScheduling: 'quoteTrip' } },
  { out: `${FAULTS}/worker-task-failed-chargeCard.json`, faults: { failTaskScheduling: 'chargeCard' } },
  // Crashes around a child workflow and a timer: the task after bookFlight's completion and after the timer fired times out;
  // the task that starts bookFlight fails.
  { out: `${FAULTS}/worker-crash-bookFlight.json`, faults: { crashWorkerAfter: 'bookFlight' } },
  { out: `${FAULTS}/worker-crash-timer.json`, faults: { crashWorkerAfter: 'timer(2s)' } },
  // The worker dies in the task that runs the local activity quoteTrip, once it has run.
  { out: `${FAULTS}/worker-crash-quoteTrip.json`, faults: { crashWorkerAfter: 'quoteTrip' } },
  { out: `${FAULTS}/worker-task-failed-bookFlight.json`, faults: { failTaskScheduling: 'bookFlight' } },
  // The task that starts the abort window's timer fails.
  { out: `${FAULTS}/worker-task-failed-timer.json`, faults: { failTaskScheduling: 'timer(2s)' } },
  // The planted first-task bug, live: the retried first task books the hotel twice.
  {
    out: 'test/fixtures/travel-booking-bugs/first-task-failed.json',
    faults: { failTaskScheduling: 'quoteTrip' },
    workflowsPath: 'test/fixtures/travel-booking-bugs/first-task.ts',
    workflowType: 'bookTripBugOnRetriedFirstTask',
  },
  // A wait with nothing open (test/fixtures/approval-wait): decided, rejected, and cancelled while it waits.
  ...(['approved', 'rejected', 'cancelled'] as const).map((end) => ({
    out: `${APPROVAL}/${end}.json`,
    workflowsPath: `${APPROVAL}/workflows.ts`,
    workflowType: 'bookTripWithApproval',
    faults:
      end === 'cancelled'
        ? { cancelAfterEventType: WAITING }
        : { signals: [{ name: 'decide', args: [end === 'approved' ? 'approve' : 'reject'], afterEventType: WAITING }] },
  })),
  { out: `${FAULTS}/child-failed.json`, faults: { failChildren: ['bookFlight'] } },
  // Faults during compensation after a child fails: the flight child fails, then the hotel's undo fails.
  {
    out: `${FAULTS}/nested-child-failed-cancelHotel.json`,
    faults: { failChildren: ['bookFlight'], failActivities: ['cancelHotel'] },
  },
  { out: `${FAULTS}/child-timeout.json`, faults: { hangChildren: ['bookFlight'] } },
  { out: `${FAULTS}/child-terminated.json`, faults: { terminateChildren: ['bookFlight'] } },
  { out: `${FAULTS}/child-canceled.json`, faults: { cancelChildren: ['bookFlight'] } },
  { out: `${FAULTS}/local-activity-failed.json`, faults: { failActivities: ['quoteTrip'] } },
  // The last step fails: the undos include the child workflow cancelFlight, which the tool answers on the path.
  { out: `${FAULTS}/activity-failed.json`, faults: { failActivities: ['chargeCard'] } },
];

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const environment = await startServer('dev', {});
  try {
    for (const run of RUNS.filter((r) => only.length === 0 || only.some((name) => r.out.includes(name)))) {
      const result = await recordHistory({
        workflowsPath: run.workflowsPath ?? join(EXAMPLE, 'workflows.ts'),
        activitiesPath: join(EXAMPLE, 'activities.ts'),
        workflowType: run.workflowType ?? 'bookTrip',
        args: [TRIP],
        out: run.out,
        server: 'dev',
        environment,
        timeoutMs: 90_000,
        workflowId: `book-${TRIP.tripId}-${run.out.replace(/.*\//, '').replace(/\.json$/, '')}`,
        taskQueue: 'travel-booking',
        ...run.faults,
      });
      console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
    }
  } finally {
    await environment.teardown();
  }
}

if (require.main === module) runScript('record:travel-booking', main);
