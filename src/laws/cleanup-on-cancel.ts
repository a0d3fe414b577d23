import type { SagaLaw } from './law';
import { names } from './spec-roles';

/** Cleanup declared `onCancel` runs once when the workflow is cancelled (the cancel being what starts the rollback), and never when it is not cancelled. */
export const cleanupOnCancel: SagaLaw = {
  name: 'cleanup on cancel runs when cancelled, and only then',
  findings({ spec, path, cancelFirst, cancelRaced, observation }) {
    return (spec.onCancel ?? []).flatMap((name) => {
      const runs = path.steps.filter((step) => step.role === 'on-cancel' && names(spec, name, step)).length;
      if (path.cancelRequestedAt === undefined)
        return runs > 0 ? [`${name} ran, but the workflow was not cancelled`] : [];
      // Cancelled while a rollback was already under way: the failure, not the cancel, decides (unsure: no finding).
      if (!cancelFirst) return [];
      // Raced by a step's own failure that the workflow saw first (it closed on that failure, not
      // canceled): unsure whether the cleanup runs, but never twice. Closed canceled: the cancel decided.
      const failureDecided = cancelRaced && observation.close?.status !== 'canceled';
      if (runs === 0 && !failureDecided) return [`${name} never ran after the workflow was cancelled`];
      return runs > 1 ? [`${name} ran ${runs} times after the workflow was cancelled`] : [];
    });
  },
};
