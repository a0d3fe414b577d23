import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { runChaos, ChaosOptions, ChaosResult } from '../../src/chaos/run';
import { installQuietRuntime } from '../../src/util/quiet';
import { closePool, tenantSchemaName } from '../../examples/tenant-provisioning/db';
import { deleteTenantData } from '../support/tenant-db';

const EXAMPLE = 'examples/tenant-provisioning';
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** A tenant id of this suite only (the shared database sees other helpers' tenants too); its dash matters to the undo bug. */
function tenant(name: string): { tenantId: string; ownerUserId: string; plan: string } {
  return { tenantId: `chaos-${name}-${runId}`, ownerUserId: 'user-ada', plan: 'team' };
}

function options(activities: string, tenantName: string, faults: string[]): ChaosOptions {
  return {
    workflowsPath: `${EXAMPLE}/workflows.ts`,
    activitiesPath: activities,
    workflowType: 'provisionTenant',
    args: [tenant(tenantName)],
    probe: `${EXAMPLE}/probe.ts`,
    faults,
    allow: ['tenants', 'activity_log'],
    server: 'dev',
    runTimeoutMs: 20_000,
  };
}

function cells(result: ChaosResult): string[] {
  return result.scenarios.map((s) => `${s.step} ${s.activityType} × ${s.fault}: ${s.outcome}`);
}

describe('chaos catches the planted activity bugs, live on a real server and PostgreSQL', function () {
  this.timeout(300_000);
  const used: string[] = [];

  before(() => installQuietRuntime());
  after(async () => {
    for (const name of used) await deleteTenantData(tenant(name).tenantId);
    await closePool();
  });

  it('an undo that leaves the schema behind: orphan after a failure at every step that created it, the schema listed', async () => {
    used.push('undo');
    const result = await runChaos(options('test/fixtures/chaos-bugs/undo-leaves-schema.ts', 'undo', ['fail']));
    const schema = tenantSchemaName(tenant('undo').tenantId);
    expect(cells(result)).to.deep.equal([
      '1 createTenantRecord × fail: clean',
      '2 createTenantSchema × fail: clean',
      '3 applyTenantMigrations × fail: orphan',
      '4 createOwnerMembership × fail: orphan',
      '5 seedDefaultSettings × fail: orphan',
      '6 sendWelcomeEmail × fail: orphan',
    ]);
    for (const orphan of result.scenarios.filter((s) => s.outcome === 'orphan')) {
      expect(orphan.differences).to.deep.equal([`+ schemas.${schema}: {}`]);
    }
    expect(result.exitCode).to.equal(1);
  });

  it('a step that inserts twice when run twice: not idempotent at that step only, the extra row shown', async () => {
    used.push('twice');
    const result = await runChaos(
      options('test/fixtures/chaos-bugs/double-insert.ts', 'twice', ['twice', 'transient']),
    );
    const schema = tenantSchemaName(tenant('twice').tenantId);
    const findings = result.scenarios.filter((s) => s.outcome !== 'clean');
    expect(findings.map((s) => `${s.step} ${s.activityType} × ${s.fault}: ${s.outcome}`)).to.deep.equal([
      '3 applyTenantMigrations × twice: not-idempotent',
    ]);
    expect(findings[0].differences).to.deep.equal([`+ schemas.${schema}.projects[]: {"name":"default"}`]);
    expect(result.scenarios).to.have.length(12);
    expect(result.exitCode).to.equal(1);
  });

  it('the correct activities pass the same runs: the verdicts above come from the bugs, not the probe', async () => {
    used.push('reference');
    const result = await runChaos(options(`${EXAMPLE}/activities.ts`, 'reference', ['fail', 'twice']));
    expect(result.scenarios).to.have.length(12);
    expect(
      result.scenarios
        .filter((s) => s.outcome !== 'clean')
        .map((s) => `${s.step} × ${s.fault}: ${s.outcome} ${s.differences.join(' ')}`),
    ).to.deep.equal([]);
    expect(result.exitCode).to.equal(0);
  });
});
