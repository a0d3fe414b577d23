/**
 * A live worker process: runs one LiveWorker (the SDK's worker on the in-process frontend) and the
 * tasks its parent sends. It runs apart so that workflow code that never yields, or crashes the
 * worker, costs only this process (see ./pool.ts).
 */
import { temporal } from '@temporalio/proto';
import type { HistoryEvent } from '../history/events';
import { LiveWorker } from './live-worker';
import type { ChildMessage, ParentMessage } from './protocol';

const service = temporal.api.workflowservice.v1;
const runs = new Map<string, HistoryEvent[]>();
let live: Promise<LiveWorker> | undefined;

function send(message: ChildMessage): void {
  process.send!(message);
}

async function runTask(message: Extract<ParentMessage, { type: 'task' }>): Promise<void> {
  const added = temporal.api.history.v1.History.decode(message.events).events as HistoryEvent[];
  const events = message.reset ? added : runs.get(message.runId) ?? [];
  if (!message.reset) for (const event of added) events.push(event);
  runs.set(message.runId, events);
  const answer = await (await live!).runTask({ runId: message.runId, workflowId: message.workflowId, workflowType: message.workflowType, events, localActivities: message.localActivities });
  const invented = answer.invented?.length ? { invented: answer.invented } : {};
  if ('completed' in answer) send({ type: 'answer', id: message.id, completed: service.RespondWorkflowTaskCompletedRequest.encode(answer.completed).finish(), ...invented });
  else send({ type: 'answer', id: message.id, failed: service.RespondWorkflowTaskFailedRequest.encode(answer.failed).finish(), ...invented });
}

function fatal(err: unknown): void {
  send({ type: 'fatal', message: String((err as Error)?.message ?? err) });
  process.exit(1);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    live = LiveWorker.start({ code: message.bundleCode }, {
      cachedRuns: message.cachedRuns,
      payloadConverterPath: message.payloadConverterPath,
    });
    live.then(() => send({ type: 'ready' }), fatal);
  } else if (message.type === 'task') {
    runTask(message).catch(fatal);
  } else if (message.type === 'forget') {
    runs.delete(message.runId);
    void live?.then((worker) => worker.forget(message.runId));
  } else if (message.type === 'close') {
    void live?.then((worker) => worker.shutdown()).then(() => process.exit(0), fatal);
  }
});
process.on('disconnect', () => process.exit(0));
