import { temporal } from '@temporalio/proto';
import type { ExternalTargets } from './external-targets';
import type { OpenWork } from './open-work';

const { ParentClosePolicy } = temporal.api.enums.v1;

/**
 * The work still open when a workflow closes that live never runs to completion, labelled with what
 * the server does to it. Not counted: an activity or child the workflow asked to cancel (it chose
 * not to wait); a child of a type the recorded run, too, left running at its close, or started with
 * parent close policy ABANDON (it runs on by design); a timer (it does nothing once its workflow
 * has closed); a signal or cancellation sent to another workflow.
 */
export function leftOpen(open: OpenWork[], targets: ExternalTargets): string[] {
  return open
    .filter(
      (work) =>
        !work.cancelRequestedEventId && work.kind !== 'external' && work.kind !== 'timer' && !abandoned(work, targets),
    )
    .map(labelAtClose);
}

function abandoned(open: OpenWork, targets: ExternalTargets): boolean {
  const initiated = open.event.startChildWorkflowExecutionInitiatedEventAttributes;
  if (!initiated || open.kind === 'activity') return false;
  return (
    initiated.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON ||
    targets.leftRunningOnRecord(initiated.workflowType?.name ?? '')
  );
}

/** What the server does to work still open at the close: a child gets its parent close policy. */
function labelAtClose(open: OpenWork): string {
  const policy = open.event.startChildWorkflowExecutionInitiatedEventAttributes?.parentClosePolicy;
  if (policy === undefined || policy === null) return open.label;
  return policy === ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL
    ? `${open.label}, asked to cancel by the parent's close`
    : `${open.label}, terminated by the parent's close`;
}
