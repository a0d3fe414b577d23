// The live faults' behaviour at the interceptor, call by call (the live tests show them on a server).
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import type { ChaosCall } from '../../src/chaos/faults/fault';
import { CHAOS_FAULTS, chaosFault } from '../../src/chaos/faults/registry';

type CountingCall = ChaosCall & { runs: number; marked: boolean };

function call(overrides: Partial<ChaosCall>): CountingCall {
  const state: CountingCall = {
    target: false,
    afterInjection: false,
    attempt: 1,
    activityType: 'step',
    runs: 0,
    marked: false,
    markInjected: () => {
      state.marked = true;
    },
    run: async (): Promise<string> => `result ${++state.runs}`,
    ...overrides,
  };
  return state;
}

async function rejection(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a rejection');
}

describe('chaos faults', () => {
  it('the registry holds fail, transient, twice, undo-twice and names the known ones for an unknown one', () => {
    expect(CHAOS_FAULTS.map((f) => f.name)).to.deep.equal(['fail', 'transient', 'twice', 'undo-twice']);
    expect(() => chaosFault('lost')).to.throw(
      "unknown chaos fault 'lost', expected one of fail, transient, twice, undo-twice",
    );
  });

  it('every fault runs a call that is not its target exactly once, untouched', async () => {
    for (const fault of CHAOS_FAULTS) {
      const c = call({});
      expect(await fault.execute(c)).to.equal('result 1');
      expect([c.runs, c.marked]).to.deep.equal([1, false]);
    }
  });

  it('fail: the target throws a non-retryable InjectedFailure without running', async () => {
    const c = call({ target: true, activityType: 'createTenantSchema' });
    const err = await rejection(chaosFault('fail').execute(c));
    expect([err.type, err.nonRetryable, err.message]).to.deep.equal([
      'InjectedFailure',
      true,
      'chaos: injected failure in createTenantSchema',
    ]);
    expect([c.runs, c.marked]).to.deep.equal([0, true]);
  });

  it('transient: attempt 1 throws a retryable error without running, attempt 2 runs for real', async () => {
    const first = call({ target: true, attempt: 1 });
    const err = await rejection(chaosFault('transient').execute(first));
    expect([err.type, err.nonRetryable, first.runs]).to.deep.equal(['ChaosTransientFailure', false, 0]);
    const second = call({ target: true, attempt: 2 });
    expect(await chaosFault('transient').execute(second)).to.equal('result 1');
  });

  it('twice: the target body runs twice and the second result is returned', async () => {
    const c = call({ target: true });
    expect(await chaosFault('twice').execute(c)).to.equal('result 2');
    expect(c.runs).to.equal(2);
  });

  it('undo-twice: the target fails, and each call after the failure runs twice', async () => {
    const target = call({ target: true });
    expect((await rejection(chaosFault('undo-twice').execute(target))).type).to.equal('InjectedFailure');
    expect(target.marked).to.equal(true);
    const undo = call({ afterInjection: true });
    expect(await chaosFault('undo-twice').execute(undo)).to.equal('result 2');
    expect(undo.runs).to.equal(2);
  });
});
