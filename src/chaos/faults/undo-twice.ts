import type { ChaosFault } from './fault';
import { injectedFailure } from './fail';

/**
 * The target step fails as with `fail`, and every activity that starts after the failure (the
 * tool takes them all to be compensations: it is not told which activities are undos) runs twice.
 */
export const undoTwice: ChaosFault = {
  name: 'undo-twice',
  description: 'the activity fails; every activity started after the failure (the rollback) runs twice',
  baseline: 'world-before',
  async execute(call) {
    if (call.target) {
      call.markInjected();
      throw injectedFailure(call.activityType);
    }
    if (!call.afterInjection) return call.run();
    await call.run();
    return call.run();
  },
};
