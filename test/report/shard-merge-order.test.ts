import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { faultReplay } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

/**
 * The fault kinds a run plans are not only those named: `signal:<name>` for each signal the
 * histories record, and `--faults all` expanded. A merge puts each step's scenarios back in the
 * run's order of kinds, so each shard's report must name that order, not the flag as given.
 */
describe('--shard i/n then merge, with kinds the run adds (signal:<name>, --faults all): the JSON of one unsharded run', function () {
  this.timeout(600_000);
  const dir = scratchDir('shard-order-');
  const check = ['check', '--workflows', 'examples/workflows.ts', '--histories', 'histories/travel-booking'];

  for (const faults of [[], ['--faults', 'all']]) {
    it(faults.length ? '--faults all' : 'the default kinds, with signal:abort from the histories', () => {
      const name = faults.length ? 'all' : 'default';
      const whole = faultReplay([...check, ...faults, '--json', join(dir, `${name}.json`)]);
      expect(whole.status, whole.stderr).to.equal(0);
      for (const i of [1, 2]) {
        const shard = faultReplay([...check, ...faults, '--shard', `${i}/2`, '--json', join(dir, `${name}${i}.json`)]);
        expect(shard.status, shard.stderr).to.equal(0);
      }
      const merged = faultReplay([
        'merge',
        join(dir, `${name}2.json`),
        join(dir, `${name}1.json`),
        '--json',
        join(dir, `${name}-merged.json`),
      ]);
      expect(merged.status, merged.stderr).to.equal(0);
      const text = (file: string) => readFileSync(join(dir, file), 'utf8');
      expect(text(`${name}-merged.json`)).to.equal(text(`${name}.json`));
    });
  }
});
