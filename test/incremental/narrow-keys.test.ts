import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FollowEngine } from '../../src/continue/engine';
import { CoverageCollector } from '../../src/incremental/narrow-keys';
import type { ObserverEvent } from '../../src/replay/activations';
import type { ReplayOutcome } from '../../src/replay/session';
import { installQuietRuntime } from '../../src/util/quiet';
import { runCli } from '../support/cli';
import { scratchDir } from '../support/scratch';

/** An engine whose every task completes and whose proofs answer `outcome`. */
function engineProving(outcome: ReplayOutcome): FollowEngine {
  return {
    live: { runTask: async () => ({ completed: {} }) as never, forget: () => undefined },
    prove: async () => outcome,
  };
}

const task = (runId: string) => ({ runId, events: [] }) as never;
const proof = (runId: string) => ({ runId, workflowId: 'w', workflowType: 't' });

describe('CoverageCollector: what a scenario ran stands for it only when a replay proved every run', () => {
  it('gives the ranges of every proof of the runs it followed', async () => {
    const collector = new CoverageCollector(engineProving({ events: [], executed: [[1, 5]] }));
    await collector.live.runTask(task('run'));
    await collector.prove({ events: [] }, proof('run'));
    expect(collector.executed()).to.deep.equal([[1, 5]]);
  });

  it('none when a run took live tasks no replay proved (a child workflow the tool ran)', async () => {
    const collector = new CoverageCollector(engineProving({ events: [], executed: [[1, 5]] }));
    await collector.live.runTask(task('run'));
    await collector.live.runTask(task('child'));
    await collector.prove({ events: [] }, proof('run'));
    expect(collector.executed()).to.equal(undefined);
  });

  it('none when a replay decided a patch or flag (a live task decides it otherwise), or recorded no coverage', async () => {
    const decided: ObserverEvent = {
      kind: 'concluded',
      replaying: true,
      commands: [],
      usedFlags: [],
      replayDecided: ['patch x'],
    };
    for (const outcome of [{ events: [decided], executed: [[1, 5]] }, { events: [] }] as ReplayOutcome[]) {
      const collector = new CoverageCollector(engineProving(outcome));
      await collector.live.runTask(task('run'));
      await collector.prove({ events: [] }, proof('run'));
      expect(collector.executed()).to.equal(undefined);
    }
  });
});

describe('check --incremental --narrow-keys', function () {
  this.timeout(240_000);
  const dir = scratchDir('narrow-cli-');
  const saga = join(dir, 'saga');
  const file = join(dir, 'incremental.json');
  const args = [
    'check',
    '--workflows',
    join(saga, 'workflows.ts'),
    '--histories',
    'histories/tenant-provisioning/happy.json',
    '--faults',
    'activity-failed',
    '--incremental',
    file,
    '--narrow-keys',
  ];
  before(() => {
    installQuietRuntime();
    cpSync('examples/tenant-provisioning', saga, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an edit no scenario ran reports every scenario from the file, and says how on stderr', async () => {
    const first = await runCli(...args);
    expect(first.code, first.err).to.equal(0);
    const source = join(saga, 'workflows.ts');
    const original = readFileSync(source, 'utf8');
    writeFileSync(
      source,
      original.replace('act.cancelWelcomeEmail({ tenantId })', 'act.cancelWelcomeEmail({ tenantId, plan })'),
    );
    const edited = await runCli(...args);
    expect(edited.code, edited.err).to.equal(0);
    expect(edited.out).to.include('6 reported from the --incremental file');
    expect(edited.err.trim()).to.equal(
      'fault-replay: 6 of the scenarios reported from the --incremental file were so by the functions their replays ran (--narrow-keys): the code changed, not there',
    );
    writeFileSync(source, original.replace('maximumAttempts: 3', 'maximumAttempts: 2'));
    const everyRun = await runCli(...args);
    expect(everyRun.out, 'a module-level constant every run reads').to.not.include(
      'reported from the --incremental file',
    );
  });

  it('refused without --incremental; a bundle that reads replay state keeps nothing, said on stderr', async () => {
    const alone = await runCli(...args.filter((arg) => arg !== '--incremental' && arg !== file));
    expect(alone.code).to.equal(2);
    expect(alone.err.trim()).to.equal(
      'fault-replay: --narrow-keys narrows the keys of the --incremental file: give --incremental too',
    );
    const reading = args.map((arg) =>
      arg === join(saga, 'workflows.ts') ? 'test/fixtures/saga-variants/live-only-branch.ts' : arg,
    );
    const refused = await runCli(...reading);
    expect(refused.err).to.match(/--narrow-keys kept and used nothing: \S*live-only-branch\.ts reads replay state/);
  });
});
