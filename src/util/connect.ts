import { firstLine } from './load-module';

/**
 * Connects to a Temporal server; a failure is one line naming the address and why, in words
 * (the SDK's own is core's `tonic::transport::Error(…)` or a bare "Failed to connect before the deadline").
 */
export async function connectingTo<T>(address: string | undefined, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new Error(`cannot connect to the Temporal server at ${address ?? 'localhost:7233'}: ${connectReason(err)}`);
  }
}

function connectReason(err: unknown): string {
  const message = firstLine(err);
  if (/connection refused/i.test(message)) return 'connection refused (is the server running, on that port?)';
  if (/dns error|failed to lookup|ENOTFOUND|name resolution/i.test(message)) return 'the host name does not resolve';
  if (/deadline/i.test(message))
    return 'no answer before the deadline (is a server running at that address, with or without TLS as given?)';
  return message;
}
