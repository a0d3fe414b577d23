import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityFailed } from '../../src/faults/activity-failed';
import { findEntry } from '../../src/judge/golden';
import { GoldenFile } from '../../src/model/golden';
import { HistoryJudge } from '../../src/judge/history-result';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { historySteps } from '../../src/steps/steps';

const HAPPY = 'histories/tenant-provisioning/happy.json';
const GOLDEN = 'histories/tenant-provisioning/happy.faults.json';

/** The committed golden entry of step 1 × activity-failed, as an observation that followed a (stand-in) path. */
function scenarioAtStepOne() {
  const history = loadHistoryFile(HAPPY);
  const step = historySteps(history.events)[0];
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as GoldenFile;
  const entry = findEntry(golden, step.index, step.activityType, 'activity-failed')!;
  const observed: Observation = {
    tasks: entry.tasks,
    close: entry.close,
    rounds: entry.tasks.length + 1,
    path: history.events.slice(),
  };
  return { history, scenario: { history, step, fault: activityFailed }, observed };
}

describe('a history judged scenario by scenario', () => {
  it('drops a path as soon as its scenario is judged no finding, before the rest of the history closes', () => {
    const { history, scenario, observed } = scenarioAtStepOne();
    const judge = new HistoryJudge(history, {});
    const judged = judge.judge({ scenario, observed });
    expect(judged.result.outcome).to.equal('compensated');
    expect(observed.path, 'no path kept for a scenario that is no finding').to.equal(undefined);
  });

  it('keeps the path of a finding (for --repro)', () => {
    const { history, scenario, observed } = scenarioAtStepOne();
    const forgotten = { ...observed, tasks: [] };
    const judged = new HistoryJudge(history, {}).judge({ scenario, observed: forgotten });
    expect(judged.result.outcome).to.equal('unexpected-commands');
    expect(judged.result.observed?.path).to.have.length(history.events.length);
  });

  it('--update judges each scenario against the entry it will write; a run cut short writes nothing and judges against the old golden file', () => {
    const { history, scenario, observed } = scenarioAtStepOne();
    const goldenDir = mkdtempSync(join(tmpdir(), 'history-judge-'));
    const goldenPath = join(goldenDir, GOLDEN);
    const changed = { ...observed, tasks: [] };

    const first = new HistoryJudge(history, { goldenDir, update: true });
    const written = first.finish({ ok: true }, [first.judge({ scenario, observed: changed })]);
    expect(written.scenarios[0].outcome, 'against the entry --update writes').to.equal('compensated');
    expect(written.update?.added).to.have.length(1);
    const before = readFileSync(goldenPath, 'utf8');
    expect(
      findEntry(JSON.parse(before) as GoldenFile, 1, scenario.step.activityType, 'activity-failed')?.tasks,
    ).to.deep.equal([]);

    copyFileSync(GOLDEN, goldenPath);
    const committed = readFileSync(goldenPath, 'utf8');
    const cut = new HistoryJudge(history, { goldenDir, update: true });
    const result = cut.finish({ ok: true }, [cut.judge({ scenario, observed: { ...observed, tasks: [] } })], false);
    expect(result.scenarios[0].outcome, 'against the committed golden').to.equal('unexpected-commands');
    expect(result.scenarios[0].diff).to.be.a('string');
    expect(
      result.scenarios[0].observed?.path,
      'a finding against the old golden keeps its path for --repro',
    ).to.have.length(history.events.length);
    expect(result.update).to.equal(undefined);
    expect(readFileSync(goldenPath, 'utf8'), 'golden file untouched').to.equal(committed);
  });

  it('a run cut short under --update, with neither golden file nor spec: still the "not judged" problem line', () => {
    const { history, scenario, observed } = scenarioAtStepOne();
    const goldenDir = mkdtempSync(join(tmpdir(), 'history-judge-none-'));
    const cut = new HistoryJudge(history, { goldenDir, update: true });
    const result = cut.finish({ ok: true }, [cut.judge({ scenario, observed })], false);
    expect(result.problem).to.deep.include({ kind: 'not-judged', file: history.file });
    expect(result.problem?.message).to.match(/not judged: no golden file/);
    expect(result.scenarios[0].outcome).to.equal('could-not-run');
  });
});
