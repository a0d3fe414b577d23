import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ConnectionOptions } from '@temporalio/client';

/** The flags of `fault-replay capture` and `fault-replay worker` that say how to reach the cluster. */
export interface ConnectionFlags {
  address: string;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsServerName?: string;
  apiKey?: string;
  apiKeyFile?: string;
}

/** Where an API key is read from when no flag gives one: the Temporal CLI's own variable. */
export const API_KEY_ENV = 'TEMPORAL_API_KEY';

/** The connection flags, on a command that connects to a cluster (capture, worker). */
export function withConnectionFlags(command: Command): Command {
  return command
    .option('--tls', 'connect with TLS (implied by the other --tls-* flags and an API key)')
    .option('--tls-cert <file>', 'client certificate (PEM) for mTLS')
    .option('--tls-key <file>', 'client private key (PEM) for mTLS')
    .option('--tls-ca <file>', 'CA certificate (PEM) the server certificate is checked against')
    .option('--tls-server-name <name>', 'server name to check the certificate for')
    .option(
      '--api-key <key>',
      `API key (Temporal Cloud); visible in the process list: prefer --api-key-file or $${API_KEY_ENV}`,
    )
    .option('--api-key-file <file>', `a file holding the API key (default: $${API_KEY_ENV}, when set)`);
}

/**
 * The client connection options for the flags: mTLS with `--tls-cert/--tls-key`, a custom CA and
 * server name, or an API key (`--api-key`, `--api-key-file`, else $TEMPORAL_API_KEY), which implies
 * TLS, as Temporal Cloud requires. A file that cannot be read, or half a certificate pair, is one
 * line naming the flag.
 */
export function connectionOptions(
  flags: ConnectionFlags,
  readFile: (path: string) => Buffer = readFileSync,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionOptions {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new Error('--tls-cert and --tls-key go together');
  if (flags.apiKey !== undefined && flags.apiKeyFile !== undefined)
    throw new Error('--api-key and --api-key-file: give one');
  const read = (flag: string, path: string) => {
    try {
      return readFile(path);
    } catch (err) {
      throw new Error(`${flag} ${path}: cannot read: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  const apiKey =
    flags.apiKey ??
    (flags.apiKeyFile !== undefined
      ? read('--api-key-file', flags.apiKeyFile).toString('utf8').trim()
      : env[API_KEY_ENV]) ??
    undefined;
  if (flags.apiKeyFile !== undefined && !apiKey)
    throw new Error(`--api-key-file ${flags.apiKeyFile}: the file is empty`);
  const wantsTls = flags.tls || flags.tlsCert || flags.tlsCa || flags.tlsServerName || apiKey;
  const tls = wantsTls
    ? {
        ...(flags.tlsServerName ? { serverNameOverride: flags.tlsServerName } : {}),
        ...(flags.tlsCa ? { serverRootCACertificate: read('--tls-ca', flags.tlsCa) } : {}),
        ...(flags.tlsCert && flags.tlsKey
          ? { clientCertPair: { crt: read('--tls-cert', flags.tlsCert), key: read('--tls-key', flags.tlsKey) } }
          : {}),
      }
    : undefined;
  return { address: flags.address, ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}
