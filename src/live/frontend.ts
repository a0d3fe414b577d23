import * as grpc from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { withHistoryField } from '../history/encoded';
import type { Poll } from './launch';

const service = temporal.api.workflowservice.v1;
const SERVICE_PATH = '/temporal.api.workflowservice.v1.WorkflowService/';

type PollRequest = temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
export type TaskCompletion = temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
export type TaskFailure = temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;

/** What the tool's side of the frontend does with the worker's calls (see ./live-runs.ts). */
export interface FrontendHandler {
  /** A workflow task for this task queue (normal or sticky), or undefined when there is none yet. */
  takeTask(taskQueue: string): PollResponse | undefined;
  completed(request: TaskCompletion): void;
  failed(request: TaskFailure): void;
  /** The whole history of a run up to its current task (core asks when its cache lost the run). */
  history(workflowId: string, runId: string): temporal.api.history.v1.IHistory;
}

interface Method<Req, Res> {
  request: { decode(bytes: Uint8Array): Req };
  response: { encode(message: Res): { finish(): Uint8Array }; fields?: Record<string, { id: number }> };
  handle(request: Req, call: grpc.ServerUnaryCall<Req, Res>): Promise<Res> | Res;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
}

/**
 * A response encoded; its history (when it has one) from each event's bytes, encoded once for the
 * whole run (../history/encoded.ts), not again for every task that carries it.
 */
function serialize<Res extends { history?: temporal.api.history.v1.IHistory | null }>(
  method: Method<unknown, Res>,
  message: Res,
): Uint8Array {
  const field = method.response.fields?.history?.id;
  if (!message.history || field === undefined) return method.response.encode(message).finish();
  return withHistoryField(
    method.response.encode({ ...message, history: undefined }).finish(),
    field,
    message.history.events ?? [],
  );
}

/**
 * The part of Temporal's frontend a worker talks to, in this process, on a loopback port: it hands
 * out the workflow tasks the tool builds and takes back what the worker answers. No Temporal server
 * runs anywhere; the worker is the SDK's own, exactly as a team runs it.
 */
export class Frontend {
  private readonly server = new grpc.Server();
  private readonly waiting: Array<{ taskQueue: string; deliver(task: PollResponse | undefined): void }> = [];
  /** Polls that never get a task (activities, Nexus operations): answered empty when the worker stops. */
  private readonly idling = new Set<() => void>();
  private closed = false;
  private bound?: Promise<number>;

  /** `polled`: each workflow task poll, as the worker sent it (which queue, which namespace). */
  constructor(
    private readonly handler: FrontendHandler,
    private readonly polled: (poll: Poll) => void = () => undefined,
  ) {
    // Each method has its own request and response types: the table holds them all.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const methods: Record<string, Method<any, any>> = {
      GetSystemInfo: {
        request: service.GetSystemInfoRequest,
        response: service.GetSystemInfoResponse,
        // sdkMetadata: the worker sends the SDK flags it used, as it does to a real server.
        handle: () => ({
          serverVersion: 'fault-replay',
          capabilities: {
            sdkMetadata: true,
            signalAndQueryHeader: true,
            encodedFailureAttributes: true,
            upsertMemo: true,
            internalErrorDifferentiation: true,
            activityFailureIncludeHeartbeat: true,
          },
        }),
      },
      DescribeNamespace: {
        request: service.DescribeNamespaceRequest,
        response: service.DescribeNamespaceResponse,
        handle: (request: temporal.api.workflowservice.v1.DescribeNamespaceRequest) => ({
          namespaceInfo: {
            name: request.namespace,
            state: temporal.api.enums.v1.NamespaceState.NAMESPACE_STATE_REGISTERED,
          },
          config: {},
        }),
      },
      PollWorkflowTaskQueue: {
        request: service.PollWorkflowTaskQueueRequest,
        response: service.PollWorkflowTaskQueueResponse,
        handle: (request: PollRequest, call) => {
          const sticky = request.taskQueue?.kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;
          this.polled({ taskQueue: request.taskQueue?.name ?? '', sticky, namespace: request.namespace ?? '' });
          return this.poll(request.taskQueue?.name ?? '', call);
        },
      },
      // The tool answers every activity itself: a worker that also runs activities (or Nexus
      // operations) polls for them, and waits, as on a server with none to hand out, until it stops.
      PollActivityTaskQueue: {
        request: service.PollActivityTaskQueueRequest,
        response: service.PollActivityTaskQueueResponse,
        handle: (_request: unknown, call) => this.idle(call),
      },
      PollNexusTaskQueue: {
        request: service.PollNexusTaskQueueRequest,
        response: service.PollNexusTaskQueueResponse,
        handle: (_request: unknown, call) => this.idle(call),
      },
      RespondWorkflowTaskCompleted: {
        request: service.RespondWorkflowTaskCompletedRequest,
        response: service.RespondWorkflowTaskCompletedResponse,
        handle: (request: TaskCompletion) => (this.handler.completed(request), {}),
      },
      RespondWorkflowTaskFailed: {
        request: service.RespondWorkflowTaskFailedRequest,
        response: service.RespondWorkflowTaskFailedResponse,
        handle: (request: TaskFailure) => (this.handler.failed(request), {}),
      },
      GetWorkflowExecutionHistory: {
        request: service.GetWorkflowExecutionHistoryRequest,
        response: service.GetWorkflowExecutionHistoryResponse,
        handle: (request: temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest) => ({
          history: this.handler.history(request.execution?.workflowId ?? '', request.execution?.runId ?? ''),
        }),
      },
      ShutdownWorker: {
        request: service.ShutdownWorkerRequest,
        response: service.ShutdownWorkerResponse,
        handle: () => (this.releasePolls(), {}),
      },
      RecordWorkerHeartbeat: {
        request: service.RecordWorkerHeartbeatRequest,
        response: service.RecordWorkerHeartbeatResponse,
        handle: () => ({}),
      },
    };
    const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(methods)) {
      if (!method.request) continue; // an RPC this SDK version's protos do not have
      definition[name] = {
        path: SERVICE_PATH + name,
        requestStream: false,
        responseStream: false,
        requestSerialize: () => Buffer.alloc(0),
        requestDeserialize: (bytes: Buffer) => method.request.decode(bytes),
        responseSerialize: (message: unknown) => asBuffer(serialize(method, message as object)),
        responseDeserialize: () => ({}),
      };
      implementation[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        Promise.resolve(method.handle(call.request, call)).then(
          (response) => callback(null, response),
          (err: Error) => callback({ code: grpc.status.INTERNAL, details: err.message }),
        );
      };
    }
    this.server.addService(definition, implementation);
  }

  /** Listens on a free loopback port; returns `host:port` for the worker's connection. */
  async listen(): Promise<string> {
    this.bound = new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    return `127.0.0.1:${await this.bound}`;
  }

  /** A task was added for this queue: hand it to a poll that waits for one. */
  wake(taskQueue: string): void {
    const index = this.waiting.findIndex((poll) => poll.taskQueue === taskQueue);
    if (index < 0) return;
    const task = this.handler.takeTask(taskQueue);
    if (!task) return;
    const [poll] = this.waiting.splice(index, 1);
    poll.deliver(task);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releasePolls();
    this.server.forceShutdown();
    // A bind still under way is not cancelled by the shutdown: it would leave a port open.
    void this.bound?.then(
      () => this.server.forceShutdown(),
      () => undefined,
    );
  }

  private poll(taskQueue: string, call: grpc.ServerUnaryCall<unknown, unknown>): Promise<PollResponse> | PollResponse {
    const task = this.closed ? undefined : this.handler.takeTask(taskQueue);
    if (task || this.closed) return task ?? {};
    return new Promise((resolve) => {
      const poll = { taskQueue, deliver: (found: PollResponse | undefined) => resolve(found ?? {}) };
      this.waiting.push(poll);
      call.on('cancelled', () => {
        const index = this.waiting.indexOf(poll);
        if (index >= 0) this.waiting.splice(index, 1);
      });
    });
  }

  /** A poll with nothing to hand out, ever: empty once the worker or the frontend stops. */
  private idle(call: grpc.ServerUnaryCall<unknown, unknown>): Promise<object> | object {
    if (this.closed) return {};
    return new Promise((resolve) => {
      const release = () => {
        this.idling.delete(release);
        resolve({});
      };
      this.idling.add(release);
      call.on('cancelled', () => this.idling.delete(release));
    });
  }

  /** Empty answers to every waiting poll (a poll that times out): the worker can shut down. */
  private releasePolls(): void {
    for (const poll of this.waiting.splice(0)) poll.deliver(undefined);
    for (const release of [...this.idling]) release();
  }
}
