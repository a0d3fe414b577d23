/** The isReplaying scan that turns prediction off (src/replay/bundle-sources.ts), on source maps written here and on real bundles. */
import { expect } from 'chai';
import { bundleSources, predictionRefused } from '../../src/replay/bundle-sources';
import { bundleWithObserver } from '../../src/replay/bundle';

function bundleOf(sources: Record<string, string | null>): string {
  const map = { version: 3, sources: Object.keys(sources), sourcesContent: Object.values(sources), mappings: '' };
  return `var x;\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

const SDK = '/p/node_modules/@temporalio/workflow/src/workflow.ts';

describe('prediction is refused for a bundle whose own code reads isReplaying', function () {
  this.timeout(60_000);

  it('the SDK reading it is fine; the team reading it (either name, or a library) is not', () => {
    expect(
      predictionRefused(
        bundleOf({ [SDK]: 'info.unsafe.isReplaying', '/p/w.ts': 'export {}', 'webpack/bootstrap': null }),
      ),
    ).to.equal(undefined);
    expect(predictionRefused(bundleOf({ '/p/w.ts': 'if (workflowInfo().unsafe.isReplaying) x()' }))).to.equal(
      '/p/w.ts reads replay state (unsafe)',
    );
    // Read without its name (a new user's tryout found this one passing): the object that holds it, or the activator.
    expect(predictionRefused(bundleOf({ '/p/w.ts': 'Object.values(workflowInfo().unsafe).includes(true)' }))).to.match(
      /\(unsafe\)$/,
    );
    expect(predictionRefused(bundleOf({ '/p/w.ts': 'globalThis.__TEMPORAL_ACTIVATOR__.info' }))).to.match(
      /ACTIVATOR__\)$/,
    );
    expect(predictionRefused(bundleOf({ '/p/w.ts': 'const r = info.isReplayingHistoryEvents' }))).to.match(
      /\(isReplaying\)$/,
    );
    expect(predictionRefused(bundleOf({ '/p/node_modules/lib/x.js': 'isReplaying' }))).to.match(/lib\/x.js reads/);
    expect(predictionRefused(bundleOf({ '/p/w.ts': 'const unsafeButFine = 1; // nothing here' }))).to.equal(undefined);
  });

  it('a source it cannot read is refused, not taken as clean', () => {
    expect(predictionRefused(bundleOf({ '/p/w.ts': null }))).to.equal('/p/w.ts: the bundle carries no source to read');
    expect(predictionRefused('var x;\n')).to.equal('the workflow bundle carries no source map to read');
    expect(bundleSources('var x;\n').sources).to.deep.equal([]);
  });

  it("on real bundles: the example saga is clean (the tool's observer is not counted), its variant that reads replay state is refused", async () => {
    const clean = await bundleWithObserver({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' });
    expect(predictionRefused(clean.code)).to.equal(undefined);
    const reads = await bundleWithObserver({ workflowsPath: 'test/fixtures/saga-variants/live-only-branch.ts' });
    expect(predictionRefused(reads.code)).to.match(/live-only-branch.ts reads replay state \(unsafe\)$/);
  });
});
