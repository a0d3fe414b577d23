import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { specPathBeside } from '../../src/laws/spec';
import { safeFileName } from '../../src/util/file-name';

/** File names made from history content (repro files, captures, specs) name a file inside their folder. */
describe('file names made from history content', () => {
  it('an ordinary name is kept as it is', () => {
    for (const name of ['provisionTenant', 'happy.step-3-applyTenantMigrations.activity-failed', 'order_42-retry'])
      expect(safeFileName(name)).to.equal(name);
  });

  it('separators, parent folders, NUL, line ends and leading dots cannot leave the folder or hide the file', () => {
    for (const hostile of [
      '/../../../etc/passwd',
      '..',
      '.',
      '../x',
      'a\0b',
      'a\nb\r::c',
      '.bashrc',
      'C:\\Windows\\x',
      '',
    ]) {
      const name = safeFileName(hostile);
      expect(name, JSON.stringify(hostile)).to.match(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
      expect(join('/folder', name).startsWith('/folder/'), JSON.stringify(hostile)).to.equal(true);
    }
  });

  it('a very long name is cut to 200 bytes, ending in a hash of the whole (two long names stay apart)', () => {
    const a = safeFileName(`${'x'.repeat(5000)}a`);
    const b = safeFileName(`${'x'.repeat(5000)}b`);
    expect(a).to.have.length(200);
    expect(a).to.not.equal(b);
  });

  it('a saga spec looked up for a workflow type that is a path stays beside the history', () => {
    expect(dirname(specPathBeside('histories/x/happy.json', '../../../../etc/passwd'))).to.equal('histories/x');
    expect(specPathBeside('histories/x/happy.json', 'provisionTenant')).to.equal(
      'histories/x/provisionTenant.saga.json',
    );
  });
});
