import vm from 'node:vm';
import { expect } from 'chai';
import { Worker } from '@temporalio/worker';
import { bundleWithObserver } from '../../src/replay/bundle';
import { loadHistoryFile } from '../../src/load/load';
import { installQuietRuntime } from '../../src/util/quiet';
import { dropSandboxWatchdog, stopStackTraceHook, UNWATCHED_TIMEOUT_MS } from '../../src/util/sandbox-costs';

describe('the sandbox costs the tool leaves out in its worker processes', function () {
  this.timeout(60_000);
  const original = vm.Script.prototype.runInContext;
  const timeouts: Array<number | undefined> = [];

  before(() => {
    // What reaches Node's own runInContext, under the tool's patch.
    vm.Script.prototype.runInContext = function (
      this: vm.Script,
      context: vm.Context,
      options?: vm.RunningScriptOptions,
    ) {
      timeouts.push(options?.timeout);
      return original.call(this, context, options);
    };
    dropSandboxWatchdog();
  });
  after(() => {
    vm.Script.prototype.runInContext = original;
  });
  beforeEach(() => timeouts.splice(0));

  it('drops the vm timeout (and with it the watchdog thread) only of calls carrying the SDK debug-mode value', () => {
    const context = vm.createContext({});
    expect(new vm.Script('1 + 1').runInContext(context, { timeout: UNWATCHED_TIMEOUT_MS })).to.equal(2);
    expect(vm.runInContext('2 + 2', context, { timeout: UNWATCHED_TIMEOUT_MS })).to.equal(4);
    new vm.Script('0').runInContext(context, { timeout: 1_000 });
    new vm.Script('0').runInContext(context);
    expect(timeouts).to.deep.equal([undefined, undefined, 1_000, undefined]);
  });

  it('still runs the sandbox microtasks before the call returns (afterEvaluate contexts, as the SDK makes them)', () => {
    const context = vm.createContext({ seen: [] as string[] }, { microtaskMode: 'afterEvaluate' });
    new vm.Script('Promise.resolve().then(() => seen.push("microtask")); seen.push("sync")').runInContext(context, {
      timeout: UNWATCHED_TIMEOUT_MS,
    });
    expect(context.seen).to.deep.equal(['sync', 'microtask']);
  });

  it('applies to this SDK: its replay worker calls into the workflow sandbox with that value, and the recorded history replays', async () => {
    installQuietRuntime();
    const history = loadHistoryFile('histories/tenant-provisioning/happy.json');
    const bundle = await bundleWithObserver({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' });
    timeouts.splice(0);
    await Worker.runReplayHistory({ workflowBundle: { code: bundle.code } }, history.history, history.workflowId);
    expect(timeouts.length).to.be.greaterThan(10);
    expect(timeouts.every((timeout) => timeout === undefined)).to.equal(true);
  });

  it("finds the SDK's stack-trace promise hook and stops it (the SDK then says stack traces are off)", () => {
    const { globalHandlers } = require('@temporalio/worker/lib/workflow/vm-shared');
    expect(globalHandlers.promiseHookInstalled).to.equal(true); // installed by the replay worker above
    stopStackTraceHook();
    expect(globalHandlers.promiseHookInstalled).to.equal(false);
  });
});
