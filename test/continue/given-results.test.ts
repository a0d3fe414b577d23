import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadGivenResults } from '../../src/continue/given-results';
import { scratchDir } from '../support/scratch';

/** `--results`: results by activity type; anything else is one line naming the file, not a run that quietly ignores it. */
describe('--results files', () => {
  let dir: string;
  before(() => (dir = scratchDir('given-results-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const written = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('an object by activity type, from JSON or from a module', () => {
    expect(loadGivenResults(written('ok.json', '{"chargeCard":{"chargeId":"c1"}}'))).to.deep.equal({
      chargeCard: { chargeId: 'c1' },
    });
    expect(loadGivenResults(written('ok.js', 'exports.results = { quote: 42 };'))).to.deep.equal({ quote: 42 });
  });

  for (const [text, got] of [
    ['[1,2]', 'an array'],
    ['null', 'null'],
    ['"x"', 'string'],
  ]) {
    it(`${text}: refused, naming the file and what it is`, () => {
      const file = written('bad.json', text);
      expect(() => loadGivenResults(file)).to.throw(
        `results file ${file}: expected an object of results by activity type, e.g. {"chargeCard": {"chargeId": "c1"}}, got ${got}`,
      );
    });
  }
});
