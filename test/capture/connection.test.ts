import { expect } from 'chai';
import { buildProgram } from '../../src/cli';
import { connectionOptions } from '../../src/capture/connection';

const FILES: Record<string, string> = {
  'client.pem': 'CERT',
  'client.key': 'KEY',
  'ca.pem': 'CA',
  'api.key': 'key-from-file\n',
  'empty.key': '',
};
const readFile = (path: string) => {
  if (!(path in FILES)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return Buffer.from(FILES[path]);
};

/** The options `fault-replay capture` (or `worker`) would connect with for these command-line flags and environment. */
function optionsFor(...flags: string[]) {
  return optionsOf('capture', ['--out', 'x', '--workflow-id', 'w', ...flags]);
}

function optionsOf(name: 'capture' | 'worker', args: string[], env: NodeJS.ProcessEnv = {}) {
  let parsed: Record<string, unknown> = {};
  const program = buildProgram();
  const command = program.commands.find((c) => c.name() === name)!;
  command.action((opts) => void (parsed = opts));
  program.parse([name, ...args], { from: 'user' });
  return connectionOptions(parsed as never, readFile, env);
}

describe('capture connection options (from the command-line flags)', () => {
  it('plain: the address only, no TLS, no API key', () => {
    expect(optionsFor('--address', 'temporal.internal:7233')).to.deep.equal({ address: 'temporal.internal:7233' });
  });

  it('mTLS: client certificate and key, CA and server name reach the TLS options as file contents', () => {
    const options = optionsFor(
      '--address',
      'ns.acct.tmprl.cloud:7233',
      '--tls-cert',
      'client.pem',
      '--tls-key',
      'client.key',
      '--tls-ca',
      'ca.pem',
      '--tls-server-name',
      'ns.acct',
    );
    expect(options).to.deep.equal({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: {
        serverNameOverride: 'ns.acct',
        serverRootCACertificate: Buffer.from('CA'),
        clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
      },
    });
  });

  it('an API key is sent and turns TLS on (system CAs)', () => {
    expect(optionsFor('--address', 'eu-west-1.aws.api.temporal.io:7233', '--api-key', 'secret-key')).to.deep.equal({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      tls: {},
      apiKey: 'secret-key',
    });
  });

  it('--tls alone: TLS with the system CAs', () => {
    expect(optionsFor('--tls').tls).to.deep.equal({});
  });

  it('half a certificate pair is one clear error', () => {
    expect(() => optionsFor('--tls-cert', 'client.pem')).to.throw('--tls-cert and --tls-key go together');
    expect(() => optionsFor('--tls-key', 'client.key')).to.throw('--tls-cert and --tls-key go together');
  });

  it('an unreadable file names the flag and the path', () => {
    expect(() => optionsFor('--tls-ca', 'missing.pem')).to.throw(/^--tls-ca missing\.pem: cannot read: ENOENT/);
  });

  it('the API key from a file (its line end dropped) or from $TEMPORAL_API_KEY, so it is not in the process list; a flag wins over the variable', () => {
    expect(optionsFor('--api-key-file', 'api.key')).to.deep.include({ apiKey: 'key-from-file', tls: {} });
    expect(
      optionsOf('capture', ['--out', 'x', '--workflow-id', 'w'], { TEMPORAL_API_KEY: 'key-from-env' }),
    ).to.deep.include({
      apiKey: 'key-from-env',
      tls: {},
    });
    expect(
      optionsOf('capture', ['--out', 'x', '--workflow-id', 'w', '--api-key-file', 'api.key'], {
        TEMPORAL_API_KEY: 'key-from-env',
      }).apiKey,
    ).to.equal('key-from-file');
    expect(() => optionsFor('--api-key', 'k', '--api-key-file', 'api.key')).to.throw(
      '--api-key and --api-key-file: give one',
    );
    expect(() => optionsFor('--api-key-file', 'empty.key')).to.throw('--api-key-file empty.key: the file is empty');
    expect(() => optionsFor('--api-key-file', 'missing.key')).to.throw(
      /^--api-key-file missing\.key: cannot read: ENOENT/,
    );
  });

  it('fault-replay worker takes the same connection flags as capture', () => {
    const worker = (...flags: string[]) =>
      optionsOf('worker', [
        '--address',
        'ns.acct.tmprl.cloud:7233',
        '--task-queue',
        'q',
        '--workflows',
        'w.ts',
        '--histories-root',
        '.',
        ...flags,
      ]);
    expect(worker('--api-key-file', 'api.key', '--tls-ca', 'ca.pem')).to.deep.equal({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: { serverRootCACertificate: Buffer.from('CA') },
      apiKey: 'key-from-file',
    });
    expect(worker('--tls-cert', 'client.pem', '--tls-key', 'client.key').tls).to.deep.equal({
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
  });
});
