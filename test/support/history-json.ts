/** The JSON form of a history file (as `temporal workflow show --output json` writes it), for tests that read files raw. */
export interface JsonEvent {
  eventId?: string;
  eventTime?: string;
  eventType?: string;
  taskId?: string;
  workflowExecutionStartedEventAttributes?: {
    identity?: string;
    originalExecutionRunId?: string;
    workflowId?: string;
    workflowType?: { name?: string };
  };
  workflowExecutionFailedEventAttributes?: {
    failure?: {
      message?: string;
      cause?: { message?: string; applicationFailureInfo?: { type?: string; nonRetryable?: boolean } };
      activityFailureInfo?: { activityType?: { name?: string } };
    };
  };
  [attributes: string]: unknown;
}

export interface JsonHistory {
  events: JsonEvent[];
}
