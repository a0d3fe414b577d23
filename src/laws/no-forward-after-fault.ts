import type { SagaLaw } from './law';

/** Once a step has failed, the saga rolls back: it starts no forward step (after the injected fault, or after a real failure recorded earlier). */
export const noForwardAfterFault: SagaLaw = {
  name: 'no forward step starts after the fault',
  findings({ rollback, afterFailure }) {
    if (!rollback) return [];
    const forward = afterFailure.filter((step) => step.role === 'forward');
    return [...new Set(forward.map((step) => step.name))].map(
      (name) =>
        `${name} started after the ${forward.some((step) => step.name === name && step.injected) ? 'fault' : 'recorded failure'}`,
    );
  },
};
