/**
 * Records the live evidence for the second saga shape's planted bugs (test/fixtures/fulfilment-variants,
 * activities on the real PostgreSQL) on one real Temporal dev server with the project's own
 * recorder: what each bug does on a server, so its `law-broken` verdict has a live counterpart.
 * Run: npm run record:fulfilment-variants   (histories in test/fixtures/fulfilment-variants/histories)
 */
import { join } from 'node:path';
import { recordHistory } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';
import { ORDER } from './record-examples';
import { runScript } from './run-script';

const FIXTURE = 'test/fixtures/fulfilment-variants';
/** Its own order id, so these runs never touch the rows of the corpus recordings. */
const VARIANT_ORDER = { ...ORDER, orderId: 'ord-laws2-variants' };

export const FULFILMENT_RECORDINGS: Array<{ variant: string; fail: string[]; keepOpen?: boolean; name: string }> = [
  { variant: 'reference', fail: ['createShipment'] },
  { variant: 'reference', fail: ['createShipment', 'releaseStock'] },
  { variant: 'registered-after', fail: ['createShipment'] },
  { variant: 'serial-undos', fail: ['createShipment'] },
  // The server may reject the close (UnhandledCommand: the other undos completed during the task): keep that history as it stands.
  { variant: 'bare-all', fail: ['createShipment', 'releaseStock'], keepOpen: true },
].map((r) => ({ ...r, name: `live-${r.variant}-${r.fail.join('-')}` }));

async function main(): Promise<void> {
  installQuietRuntime();
  const environment = await startServer('dev');
  try {
    for (const recording of FULFILMENT_RECORDINGS) {
      const result = await recordHistory({
        workflowsPath: join(FIXTURE, `${recording.variant}.ts`),
        activitiesPath: 'examples/order-fulfilment/activities.ts',
        workflowType: 'fulfilOrder',
        args: [VARIANT_ORDER],
        failActivities: recording.fail,
        keepOpenHistory: recording.keepOpen,
        out: join(FIXTURE, 'histories', `${recording.name}.json`),
        server: 'dev',
        environment,
        timeoutMs: recording.keepOpen ? 10_000 : 30_000,
        workflowId: `fulfil-variant-${recording.name}`,
      });
      console.log(
        `${result.out}: ${result.events} events, ${result.open ? `still open (${result.open})` : result.closeEventType}`,
      );
    }
  } finally {
    await environment.teardown();
  }
}

if (require.main === module) runScript('record:fulfilment-variants', main);
