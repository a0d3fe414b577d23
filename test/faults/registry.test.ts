import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { defaultFaultNames, FAULT_KINDS, faultKind, isFaultName, NESTED_KINDS } from '../../src/faults/registry';
import { planFaultReplay } from '../../src/run';

describe('fault kinds: the registry and --faults', () => {
  it('every kind under its catalogue name, in report column order', () => {
    expect(FAULT_KINDS.map((kind) => kind.name)).to.deep.equal([
      'activity-failed',
      'retries-exhausted',
      'activity-timeout:start-to-close',
      'activity-timeout:schedule-to-close',
      'activity-timeout:schedule-to-start',
      'activity-timeout:heartbeat',
      'retried-then-ok',
      'worker-crash',
      'worker-crash:task-failed',
      'workflow-cancel',
      'child-failed',
      'child-timeout',
      'child-terminated',
      'child-canceled',
      'local-activity-failed',
    ]);
  });

  it('only the kinds that change no outcome are judged against the recorded path', () => {
    expect(FAULT_KINDS.filter((kind) => kind.expectsSamePath).map((kind) => kind.name)).to.deep.equal([
      'retried-then-ok',
      'worker-crash',
      'worker-crash:task-failed',
    ]);
  });

  it('--faults selects the new kinds: one scenario per step and selected kind, nothing else', () => {
    const plan = planFaultReplay({
      histories: ['histories/tenant-provisioning/happy.json'],
      faults: ['worker-crash', 'activity-timeout:heartbeat'],
    });
    expect(plan.scenarios.map((s) => `${s.step.index} ${s.fault.name}`)).to.deep.equal(
      [1, 2, 3, 4, 5, 6].flatMap((step) => [`${step} worker-crash`, `${step} activity-timeout:heartbeat`]),
    );
  });

  it('an unknown kind is one line naming the known ones, exit 2', () => {
    expect(() => faultKind('activity-faild')).to.throw(
      /^unknown fault kind activity-faild \(did you mean activity-failed\?\) \(known: /,
    );
    expect(() => faultKind('nested:activty-failed')).to.throw(/\(did you mean nested:activity-failed\?\)/);
    expect(() => faultKind('activity-timeout:forever')).to.throw(
      /^unknown fault kind activity-timeout:forever (\(did you mean activity-timeout:[a-z-]+\?\) )?\(known: activity-failed, .*, worker-crash, worker-crash:task-failed, workflow-cancel, child-failed, .*, local-activity-failed, signal:<name>, nested:<.*>\)$/,
    );
    const run = spawnSync(
      process.execPath,
      [
        'bin/fault-replay.js',
        'check',
        '--workflows',
        'examples/tenant-provisioning/workflows.ts',
        '--histories',
        'histories/tenant-provisioning/happy.json',
        '--faults',
        'nested:worker-crash',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.match(
      /^fault-replay: unknown fault kind nested:worker-crash (\(did you mean [^)]+\) )?\(known: .*, nested:<activity-failed\|retries-exhausted\|activity-timeout:start-to-close\|activity-timeout:schedule-to-close\|activity-timeout:schedule-to-start\|activity-timeout:heartbeat\|child-failed\|child-timeout\|child-terminated\|child-canceled\|local-activity-failed>\)$/,
    );
  });

  it('a signal:<name> column for each signal the histories record (and --signal gives); --faults signal:abort selects one', () => {
    const histories = [
      'test/fixtures/cancel-saga/histories/happy.json',
      'test/fixtures/cancel-saga/histories/abort-during-reserve.json',
    ];
    const kinds = (plan: ReturnType<typeof planFaultReplay>) => [...new Set(plan.scenarios.map((s) => s.fault.name))];
    // Activity-only histories: the kinds that hit activities (child and local-activity kinds have no column there).
    const activityKinds = FAULT_KINDS.filter((k) => (k.stepKinds ?? ['activity']).includes('activity')).map(
      (k) => k.name,
    );
    expect(activityKinds).to.include('workflow-cancel').and.not.include('child-failed');
    expect(kinds(planFaultReplay({ histories }))).to.deep.equal([...activityKinds, 'signal:abort']);
    expect(kinds(planFaultReplay({ histories: ['histories/tenant-provisioning/happy.json'] }))).to.deep.equal(
      activityKinds,
    );
    expect(
      kinds(planFaultReplay({ histories: ['histories/tenant-provisioning/happy.json'], signals: { pause: [] } })).at(
        -1,
      ),
    ).to.equal('signal:pause');
    const selected = planFaultReplay({ histories, faults: ['signal:abort'] });
    expect(selected.scenarios.map((s) => `${s.history.name} ${s.step.index} ${s.fault.name}`)).to.deep.equal([
      'abort-during-reserve 1 signal:abort',
      'abort-during-reserve 2 signal:abort',
      'happy 1 signal:abort',
      'happy 2 signal:abort',
      'happy 3 signal:abort',
    ]);
  });

  it('nested:<fault>: one kind per kind that fails a compensation (an activity, a child workflow, a local activity), not in the default set; planned once per step (expanded per compensation when followed)', () => {
    expect(NESTED_KINDS.map((k) => `${k.name} ${k.code}`)).to.deep.equal([
      'nested:activity-failed NAF',
      'nested:retries-exhausted NRE',
      'nested:activity-timeout:start-to-close NTSC',
      'nested:activity-timeout:schedule-to-close NTCL',
      'nested:activity-timeout:schedule-to-start NTST',
      'nested:activity-timeout:heartbeat NTHB',
      'nested:child-failed NCF',
      'nested:child-timeout NCTO',
      'nested:child-terminated NCTE',
      'nested:child-canceled NCC',
      'nested:local-activity-failed NLAF',
    ]);
    expect(defaultFaultNames().some((name) => name.startsWith('nested:'))).to.equal(false);
    const plan = planFaultReplay({
      histories: ['histories/tenant-provisioning/happy.json'],
      faults: ['nested:retries-exhausted'],
    });
    expect(plan.scenarios.map((s) => `${s.step.index} ${s.fault.name}`)).to.deep.equal(
      [1, 2, 3, 4, 5, 6].map((step) => `${step} nested:retries-exhausted`),
    );
    expect(isFaultName('nested:activity-failed@2:dropTenantSchema')).to.equal(true);
    expect(isFaultName('nested:worker-crash@1:x')).to.equal(false);
  });

  it('--faults all: every kind once, the default set then every nested kind, with the signals the histories record', () => {
    const plan = planFaultReplay({
      histories: ['histories/travel-booking/aborted.json'],
      faults: ['activity-failed', 'all'],
    });
    const kinds = [...new Set(plan.scenarios.map((s) => s.fault.name))];
    expect(kinds).to.deep.equal([
      'activity-failed',
      ...FAULT_KINDS.map((k) => k.name).filter((name) => name !== 'activity-failed'),
      'signal:abort',
      ...NESTED_KINDS.map((k) => k.name),
    ]);
    expect(
      planFaultReplay({ histories: ['histories/travel-booking/aborted.json'] }).scenarios.some((s) =>
        s.fault.name.startsWith('nested:'),
      ),
    ).to.equal(false);
  });

  it('a signal another workflow type records is no column of a history (it would be - everywhere), unless named with --faults', () => {
    const histories = ['histories/tenant-provisioning/happy.json', 'histories/travel-booking/aborted.json'];
    const signalsOf = (faults?: string[]) =>
      planFaultReplay({ histories, faults })
        .scenarios.filter((s) => s.fault.name === 'signal:abort')
        .map((s) => s.history.workflowType);
    expect([...new Set(signalsOf())]).to.deep.equal(['bookTrip']);
    expect([...new Set(signalsOf(['all']))]).to.deep.equal(['bookTrip']);
    expect([...new Set(signalsOf(['signal:abort']))]).to.deep.equal(['provisionTenant', 'bookTrip']);
  });
});
