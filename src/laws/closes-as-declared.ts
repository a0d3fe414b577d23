import type { SagaLaw } from './law';

/** After a fault the workflow reaches one close, the one the spec declares (usually `failed`, the error not swallowed). */
export const closesAsDeclared: SagaLaw = {
  name: 'the workflow closes once, as declared',
  findings({ spec, observation }) {
    if (observation.error) return [`the workflow never closes (${observation.error.outcome}: ${observation.error.message})`];
    const status = observation.close?.status;
    if (!status) return ['the workflow never closes'];
    return status === spec.close ? [] : [`the workflow closed ${status}, ${spec.file} declares ${spec.close}`];
  },
};
