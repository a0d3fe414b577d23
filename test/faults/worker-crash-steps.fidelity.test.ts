import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import { faultKind } from '../../src/faults/registry';
import { describeStepFidelity, TRAVEL_FAULTS } from '../support/step-fidelity';

// The crash kinds at steps that are not activities, on the travel-booking saga, each recorded live:
// the task after the child workflow's completion and the one after the timer fired time out
// (`record --crash-worker-after bookFlight|timer(2s)`), and the worker dies in the task that runs the
// local activity quoteTrip (`--crash-worker-after quoteTrip`); the task that starts the child fails
// (`record --fail-task-scheduling bookFlight`).
const crash = faultKind('worker-crash');
const timedOut = (event: { workflowTaskTimedOutEventAttributes?: unknown }) =>
  Boolean(event.workflowTaskTimedOutEventAttributes);
describeStepFidelity(crash, 'child-workflow', 'bookFlight', timedOut, {
  real: `${TRAVEL_FAULTS}/worker-crash-bookFlight.json`,
});
describeStepFidelity(crash, 'timer', 'timer(2s)', timedOut, { real: `${TRAVEL_FAULTS}/worker-crash-timer.json` });
// The worker dies in the first task, which runs the local activity quoteTrip (normal queue: retried as attempt 2).
describeStepFidelity(crash, 'local-activity', 'quoteTrip', timedOut, {
  real: `${TRAVEL_FAULTS}/worker-crash-quoteTrip.json`,
});
describeStepFidelity(
  faultKind('worker-crash:task-failed'),
  'child-workflow',
  'bookFlight',
  (event) => Boolean(event.workflowTaskFailedEventAttributes),
  {
    real: `${TRAVEL_FAULTS}/worker-task-failed-bookFlight.json`,
  },
);

describe('the crash kinds at every step of the travel-booking corpus take the recorded path (the law "nothing changes when nothing failed", goldens aside)', function () {
  this.timeout(180_000);
  it('every applicable crash scenario, at activities, local activities, child workflows and the timer, issues the recorded commands and closes as recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-steps-'));
    // The rollback laws are not judged for these kinds; the spec only lets the same-path law judge them.
    const spec = {
      workflowType: 'bookTrip',
      undo: { reserveHotel: 'cancelHotel', bookFlight: 'cancelFlight' },
      noUndo: ['quoteTrip', 'chargeCard'],
    };
    writeFileSync(join(dir, 'bookTrip.saga.json'), JSON.stringify(spec));
    try {
      const result = await runFaultReplay({
        workflowsPath: 'examples/workflows.ts',
        histories: ['histories/travel-booking'],
        faults: ['worker-crash', 'worker-crash:task-failed'],
        goldens: false,
        specPath: join(dir, 'bookTrip.saga.json'),
      });
      const followed = result.histories.flatMap((h) =>
        h.scenarios
          .filter((s) => s.outcome !== 'not-applicable')
          .map((s) => `${h.file.replace(/.*\//, '')} ${s.step} ${s.stepKind ?? 'activity'} ${s.fault}: ${s.outcome}`),
      );
      expect(followed.filter((line) => !line.endsWith(': compensated'))).to.deep.equal([]);
      // happy: quoteTrip (WC, WF), bookFlight (WC, WF), the timer (WC, WF); aborted: the undo cancelFlight (WC, WF)
      expect(followed.filter((line) => / (child-workflow|timer|local-activity) /.test(line))).to.have.length(8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
