/**
 * A local activity recorded by an SDK that is not core-based (Go and Java write a `LocalActivity`
 * marker) is no step the tool reads: the run says so in one line naming the file and the event, and
 * exits 2, never a clean pass over a step it did not see. The input is a real recording (the
 * travel-booking happy run, whose local activity core recorded) with its marker renamed as Go names it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { planFaultReplay } from '../../src/run';

describe('a local activity of a non-core SDK (marker LocalActivity)', () => {
  it('is a problem line naming the file and the event; the steps the tool reads are still planned', () => {
    const text = readFileSync('histories/travel-booking/happy.json', 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'foreign-la-'));
    const file = join(dir, 'happy.json');
    writeFileSync(file, text.split('"core_local_activity"').join('"LocalActivity"'));
    const core = planFaultReplay({ histories: ['histories/travel-booking/happy.json'] });
    const foreign = planFaultReplay({ histories: [file] });
    expect(core.problems).to.deep.equal([]);
    expect(foreign.problems).to.have.length(1);
    const [problem] = foreign.problems;
    expect(problem.file).to.equal(file);
    expect(problem.kind).to.equal('input');
    const markerEvent = (
      JSON.parse(text) as { events: Array<{ eventId: string; markerRecordedEventAttributes?: { markerName: string } }> }
    ).events.find((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity')!;
    expect(problem.eventId).to.equal(Number(markerEvent.eventId));
    expect(problem.message).to.match(
      /^a local activity recorded by an SDK that is not core-based \(marker LocalActivity/,
    );
    // The local activity's own step is gone (unread), the others remain.
    expect(foreign.scenarios.length).to.be.greaterThan(0);
    expect(foreign.scenarios.length).to.be.lessThan(core.scenarios.length);
  });
});
