import { expect } from 'chai';
import { findingGroups } from '../../src/report/findings';
import { Report, ReportHistory, ReportScenario, withVerdict } from '../../src/report/model';
import { formatTerminal } from '../../src/report/terminal';

/** One finding per cause: a broken law on the same step or undo is one block; its scenarios' observed paths are shown on demand. */
const law = (message: string) => ({ law: 'every completed step is undone', message });

function scenario(step: number, fault: string, laws: string[], undo: string): ReportScenario {
  return {
    step,
    activityType: `step${step}`,
    activityId: String(step),
    fault,
    outcome: 'law-broken',
    detail: `${laws[0]} (law: every completed step is undone)`,
    judgedBy: ['laws'],
    laws: laws.map(law),
    observed: {
      tasks: [[{ activity: undo, args: [], options: { taskQueue: "(workflow's)" } }]],
      close: { status: 'failed', failure: [{ type: 'ApplicationFailure', message: 'x' }] },
    },
    expected: null,
  };
}

function report(scenarios: ReportScenario[]): Report {
  const history: ReportHistory = {
    file: 'a.json',
    workflowType: 'wf',
    workflowId: 'id',
    runId: 'r',
    golden: 'a.json.faults.json',
    spec: 'wf.saga.json',
    replay: { ok: true },
    scenarios,
  };
  return withVerdict({ version: 1, exitCode: 1, complete: true, problems: [], histories: [history] }, {});
}

const A = 'a completed but undoA never ran';
const B = 'b completed but undoB never ran';

describe('law findings grouped by cause', () => {
  const run = report([
    scenario(2, 'activity-failed', [A], 'undoX'),
    scenario(3, 'activity-failed', [A, B], 'undoY'),
    scenario(3, 'workflow-cancel', [A, B], 'undoY'),
  ]);

  it('a law broken on the same step is one group, whatever else each scenario breaks; a scenario breaking two laws is in both', () => {
    const groups = findingGroups(run);
    expect(groups.map((g) => [g.laws, g.scenarios.map((s) => `${s.scenario.step} ${s.scenario.fault}`)])).to.deep.equal(
      [
        [
          [`${A} (law: every completed step is undone)`],
          ['2 activity-failed', '3 activity-failed', '3 workflow-cancel'],
        ],
        [[`${B} (law: every completed step is undone)`], ['3 activity-failed', '3 workflow-cancel']],
      ],
    );
  });

  it('a group whose scenarios observed different paths shows none as its own; --verbose shows each; one path shared is shown once', () => {
    const [mixed, same] = findingGroups(run);
    expect(mixed.rollback).to.equal(undefined);
    expect(mixed.rollbacksDiffer).to.equal(true);
    expect(same.rollback).to.equal('undoY() → failed ApplicationFailure');
    const text = formatTerminal(run);
    expect(text).to.include('findings: 3 scenarios, 2 distinct findings');
    expect(text).to.include('      observed: differs between these scenarios (--verbose shows each)');
    expect(text).not.to.include('observed: undoX');
    const verbose = formatTerminal(run, true);
    expect(verbose).to.match(
      / {8}a\.json step 2 step2 × activity-failed\n {10}observed: undoX\(\) → failed ApplicationFailure\n/,
    );
    expect(verbose).to.match(
      / {8}a\.json step 3 step3 × activity-failed\n {10}observed: undoY\(\) → failed ApplicationFailure\n/,
    );
  });
});
