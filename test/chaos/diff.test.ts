import { expect } from 'chai';
import { differenceLine, diffWorlds, isAllowed } from '../../src/chaos/diff';
import { worldValue } from '../../src/chaos/probe';

describe('chaos world differences', () => {
  it('equal worlds have no difference, whatever the key order', () => {
    expect(
      diffWorlds(worldValue({ a: 1, b: [{ x: 1, y: 2 }] }), worldValue({ b: [{ y: 2, x: 1 }], a: 1 })),
    ).to.deep.equal([]);
  });

  it('a key left behind, a key lost and a value changed are each one line', () => {
    const lines = diffWorlds(
      { schemas: {}, balance: 100, gone: true },
      { schemas: { tenant_a: { projects: [] } }, balance: 110 },
    ).map(differenceLine);
    expect(lines).to.deep.equal(['~ balance: 100 → 110', '- gone: true', '+ schemas.tenant_a: {"projects":[]}']);
  });

  it('rows compare as a multiset: a row inserted twice is one added row, a reordered list is no difference', () => {
    expect(diffWorlds({ rows: ['a', 'b'] }, { rows: ['b', 'a'] })).to.deep.equal([]);
    expect(
      diffWorlds({ rows: [{ name: 'default' }] }, { rows: [{ name: 'default' }, { name: 'default' }] }).map(
        differenceLine,
      ),
    ).to.deep.equal(['+ rows[]: {"name":"default"}']);
    expect(diffWorlds({ rows: ['a', 'a'] }, { rows: ['a'] }).map(differenceLine)).to.deep.equal(['- rows[]: "a"']);
  });

  it('--allow names a path and everything under it, not a sibling that shares its prefix', () => {
    expect(isAllowed('tenants', ['tenants'])).to.equal(true);
    expect(isAllowed('tenants[]', ['tenants'])).to.equal(true);
    expect(isAllowed('tenants.status', ['tenants'])).to.equal(true);
    expect(isAllowed('tenants_old[]', ['tenants'])).to.equal(false);
    expect(isAllowed('schemas.tenant_a', ['tenants'])).to.equal(false);
  });
});
