/**
 * A live worker process: runs one LiveWorker (the SDK's worker), which polls its tasks from the
 * frontend its parent serves. It runs apart so that workflow code that never yields, or crashes the
 * worker, costs only this process (see ./pool.ts).
 */
import { LiveWorker } from './live-worker';
import type { LocalActivityAnswer } from './local-activities';
import type { ChildMessage, ParentMessage } from './protocol';
import type { LocalActivityCall } from '../model/observation';

let live: Promise<LiveWorker> | undefined;
const asked = new Map<number, (answer: LocalActivityAnswer) => void>();
let nextQuestion = 1;

function send(message: ChildMessage): void {
  process.send!(message);
}

function askLocalActivity(
  runId: string,
  activityId: string,
  activityType: string,
  call: LocalActivityCall,
): Promise<LocalActivityAnswer> {
  const id = nextQuestion++;
  return new Promise((resolve) => {
    asked.set(id, resolve);
    send({ type: 'local-activity', id, runId, activityId, activityType, call });
  });
}

function fatal(err: unknown): void {
  send({ type: 'fatal', message: String((err as Error)?.message ?? err) });
  process.exit(1);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    live = LiveWorker.start(
      { code: message.bundleCode },
      {
        address: message.address,
        cachedRuns: message.cachedRuns,
        payloadConverterPath: message.payloadConverterPath,
        askLocalActivity,
      },
    );
    live.then(() => send({ type: 'ready' }), fatal);
  } else if (message.type === 'local-activity') {
    asked.get(message.id)?.(message.answer);
    asked.delete(message.id);
  } else if (message.type === 'close') {
    void live?.then((worker) => worker.shutdown()).then(() => process.exit(0), fatal);
  }
});
process.on('disconnect', () => process.exit(0));
