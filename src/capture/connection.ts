import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';

/** The flags of `fault-replay capture` that say how to reach the cluster. */
export interface ConnectionFlags {
  address: string;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsServerName?: string;
  apiKey?: string;
}

/**
 * The client connection options for the flags: mTLS with `--tls-cert/--tls-key`, a custom CA and
 * server name, or an API key (which implies TLS, as Temporal Cloud requires). A file that cannot be
 * read, or half a certificate pair, is one line naming the flag.
 */
export function connectionOptions(flags: ConnectionFlags, readFile: (path: string) => Buffer = readFileSync): ConnectionOptions {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new Error('--tls-cert and --tls-key go together');
  const read = (flag: string, path: string) => {
    try {
      return readFile(path);
    } catch (err) {
      throw new Error(`${flag} ${path}: cannot read: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  const wantsTls = flags.tls || flags.tlsCert || flags.tlsCa || flags.tlsServerName || flags.apiKey;
  const tls = wantsTls
    ? {
        ...(flags.tlsServerName ? { serverNameOverride: flags.tlsServerName } : {}),
        ...(flags.tlsCa ? { serverRootCACertificate: read('--tls-ca', flags.tlsCa) } : {}),
        ...(flags.tlsCert && flags.tlsKey
          ? { clientCertPair: { crt: read('--tls-cert', flags.tlsCert), key: read('--tls-key', flags.tlsKey) } }
          : {}),
      }
    : undefined;
  return { address: flags.address, ...(tls ? { tls } : {}), ...(flags.apiKey ? { apiKey: flags.apiKey } : {}) };
}
