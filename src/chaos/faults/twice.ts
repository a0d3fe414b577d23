import type { ChaosFault } from './fault';

/**
 * At-least-once delivery: the target step's body runs twice (as when a completion is lost and the
 * server retries) and the second result is the one the workflow gets.
 */
export const twice: ChaosFault = {
  name: 'twice',
  description: 'the activity body runs twice, the second result is returned',
  baseline: 'happy-world',
  async execute(call) {
    if (!call.target) return call.run();
    call.markInjected();
    await call.run();
    return call.run();
  },
};
