/**
 * The second committed corpus, histories/order-fulfilment: recorded by `npm run record:examples` on
 * a real server (never typed), and judged by `npm run check`'s module (examples/workflows.ts) by
 * both its goldens and its committed spec.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import { RunResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';
import type { JsonHistory } from '../support/history-json';

const CORPUS = 'histories/order-fulfilment';
const HISTORIES = [
  'happy.json',
  'real-failure-chargePayment.json',
  'real-failure-createShipment.json',
  'real-failure-reserveStock.json',
];

describe('committed corpus histories/order-fulfilment', function () {
  this.timeout(600_000);

  it('holds the happy run, one real failure per step, a golden for each, and the spec', () => {
    const goldens = HISTORIES.map((name) => name.replace(/\.json$/, '.faults.json'));
    expect(readdirSync(CORPUS).sort()).to.deep.equal([...HISTORIES, ...goldens, 'fulfilOrder.saga.json'].sort());
  });

  for (const name of HISTORIES) {
    it(`${name}: written by a server (ids in order, task ids increasing, an identity), fulfilOrder`, () => {
      const { events } = JSON.parse(readFileSync(join(CORPUS, name), 'utf8')) as JsonHistory;
      expect(events.map((e) => e.eventId)).to.deep.equal(events.map((_, i) => String(i + 1)));
      const taskIds = events.map((e) => BigInt(e.taskId!));
      expect(taskIds.every((id, i) => i === 0 || id > taskIds[i - 1])).to.equal(true);
      const started = events[0].workflowExecutionStartedEventAttributes!;
      expect(started.workflowType?.name).to.equal('fulfilOrder');
      expect(started.identity).to.be.a('string').that.is.not.empty;
      expect(events[events.length - 1].eventType).to.equal(
        name === 'happy.json' ? 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED' : 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
      );
    });
  }

  describe('checked as `npm run check` does (examples/workflows.ts, goldens and spec beside)', () => {
    let result: RunResult;
    before(async () => {
      installQuietRuntime();
      result = await runFaultReplay({ workflowsPath: 'examples/workflows.ts', histories: [CORPUS] });
    });

    it('every scenario compensated, judged by golden and laws, exit 0', () => {
      const scenarios = result.histories.flatMap((h) => h.scenarios);
      expect(result.problems).to.deep.equal([]);
      expect(scenarios).to.have.length(180); // 18 steps × 10 fault kinds
      const applicable = scenarios.filter((s) => s.outcome !== 'not-applicable');
      expect(applicable).to.have.length(105);
      expect(
        applicable
          .filter((s) => s.outcome !== 'compensated' || s.judgedBy?.join('+') !== 'golden+laws')
          .map((s) => `${s.step} ${s.fault}: ${s.outcome}`),
      ).to.deep.equal([]);
      expect(result.exitCode).to.equal(0);
    });
  });
});
