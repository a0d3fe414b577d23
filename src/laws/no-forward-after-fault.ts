import { isForward, SagaLaw } from './law';

/** Once a step has failed, the saga rolls back: it starts no forward step. */
export const noForwardAfterFault: SagaLaw = {
  name: 'no forward step starts after the fault',
  findings({ spec, after }) {
    return [...new Set(after.filter((a) => isForward(spec, a.activity)).map((a) => a.activity))].map((activity) => `${activity} started after the fault`);
  },
};
