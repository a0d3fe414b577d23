import { expect } from 'chai';
import { buildProgram } from '../../src/cli';
import { connectionOptions } from '../../src/capture/connection';

const FILES: Record<string, string> = { 'client.pem': 'CERT', 'client.key': 'KEY', 'ca.pem': 'CA' };
const readFile = (path: string) => {
  if (!(path in FILES)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return Buffer.from(FILES[path]);
};

/** The options `fault-replay capture` would connect with for these command-line flags. */
function optionsFor(...flags: string[]) {
  let parsed: Record<string, unknown> = {};
  const program = buildProgram();
  const capture = program.commands.find((command) => command.name() === 'capture')!;
  capture.action((opts) => void (parsed = opts));
  program.parse(['capture', '--out', 'x', '--workflow-id', 'w', ...flags], { from: 'user' });
  return connectionOptions(parsed as never, readFile);
}

describe('capture connection options (from the command-line flags)', () => {
  it('plain: the address only, no TLS, no API key', () => {
    expect(optionsFor('--address', 'temporal.internal:7233')).to.deep.equal({ address: 'temporal.internal:7233' });
  });

  it('mTLS: client certificate and key, CA and server name reach the TLS options as file contents', () => {
    const options = optionsFor('--address', 'ns.acct.tmprl.cloud:7233', '--tls-cert', 'client.pem', '--tls-key', 'client.key', '--tls-ca', 'ca.pem', '--tls-server-name', 'ns.acct');
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
});
