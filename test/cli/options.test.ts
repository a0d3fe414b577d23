import { expect } from 'chai';
import { signalPayload } from '../../src/cli/options';

describe('check --signal NAME=<json args>', () => {
  it('gathers each signal’s arguments by name, a later one of the same name winning', () => {
    const first = signalPayload('abort=[{"reason":"x"}]');
    expect(signalPayload('pause=[]', first)).to.deep.equal({ abort: [{ reason: 'x' }], pause: [] });
    expect(signalPayload('abort=[1]', first)).to.deep.equal({ abort: [1] });
  });

  it('refuses a value that is not NAME=<a JSON array>, saying what is expected', () => {
    expect(() => signalPayload('abort')).to.throw(/expected NAME=<json array of the signal's arguments>/);
    expect(() => signalPayload('abort={"reason":"x"}')).to.throw('must be a JSON array');
    expect(() => signalPayload('abort=[nope')).to.throw('not JSON');
  });
});
