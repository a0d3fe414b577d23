import type { SagaLaw } from './law';

/** After a fault the workflow reaches one close: the one the spec declares for it (usually `failed`, the error not swallowed; `canceled` after a cancel; `completed` when nothing is rolled back). */
export const closesAsDeclared: SagaLaw = {
  name: 'the workflow closes once, as declared',
  findings({ observation, expectedClose }) {
    if (observation.error)
      return [`the workflow never closes (${observation.error.outcome}: ${observation.error.message})`];
    const status = observation.close?.status;
    if (!status) return ['the workflow never closes'];
    return status === expectedClose.status || status === expectedClose.or
      ? []
      : [`the workflow closed ${status}, ${expectedClose.why}`];
  },
};
