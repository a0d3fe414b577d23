import { isForward, SagaLaw } from './law';

/** Once a step has failed, the saga rolls back: it starts no forward step (after the injected fault, or after a real failure recorded earlier). */
export const noForwardAfterFault: SagaLaw = {
  name: 'no forward step starts after the fault',
  findings({ spec, rollback }) {
    const forward = rollback.filter((a) => isForward(spec, a.activity));
    return [...new Set(forward.map((a) => a.activity))].map((activity) => `${activity} started after the ${forward.some((a) => a.activity === activity && a.when === 'after') ? 'fault' : 'recorded failure'}`);
  },
};
