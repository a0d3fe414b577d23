import { expect } from 'chai';
import { nextStepLine } from '../../src/report/terminal';
import type { Report, ReportHistory, ReportScenario } from '../../src/report/model';

function report(outcomes: ReportScenario['outcome'][]): Report {
  const history = {
    file: 'h/happy.json',
    golden: 'h/happy.faults.json',
    spec: null,
    replay: { ok: true },
    scenarios: outcomes.map((outcome, i) => ({ step: i + 1, outcome }) as ReportScenario),
  } as unknown as ReportHistory;
  return { exitCode: 1, histories: [history] } as unknown as Report;
}

describe('the next-step line', () => {
  it('offers --update only for a changed path, and says which findings --update cannot accept', () => {
    expect(nextStepLine(report(['stuck', 'work-left-open']))).to.equal(
      'next: fix the workflow code; --update does not accept stuck, work-left-open (they stay findings)',
    );
    expect(nextStepLine(report(['unexpected-commands', 'stuck']))).to.equal(
      'next: fix the workflow code; if it is the change you meant, run the same check with --update (it rewrites 1 golden file: h/happy.faults.json), review the diff and commit it; --update does not accept stuck (they stay findings)',
    );
  });
});
