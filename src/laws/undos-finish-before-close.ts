import type { SagaLaw } from './law';

/** Work still open when the workflow closes never runs to completion on a real server. */
export const undosFinishBeforeClose: SagaLaw = {
  name: 'every undo finishes before the workflow closes',
  findings({ observation }) {
    if (!observation.close) return [];
    return (observation.openAtClose ?? []).map((open) => `the workflow closed while ${open} had not finished`);
  },
};
