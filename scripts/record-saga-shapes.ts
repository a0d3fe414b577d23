/**
 * Records the saga shapes of test/fixtures/saga-shapes (re-implementations of public sample sagas
 * and a transfer saga with every kind of step) on one real Temporal dev server with the project's
 * own recorder: each correct shape's forward path and real failures, and the live evidence for the
 * planted bugs whose law finding is a real bug (undos cancelled with the workflow, a step in flight
 * at a cancel never undone, a parallel hold never released, an abort signal ignored).
 * Run: npm run record:saga-shapes [name...]
 */
import { join } from 'node:path';
import { recordHistory, type RecordOptions } from '../src/record/record';
import { startServer } from '../src/server/environment';
import { installQuietRuntime } from '../src/util/quiet';
import { runScript } from './run-script';

export const SAGA_SHAPES = 'test/fixtures/saga-shapes';

export interface ShapeRecording extends Partial<RecordOptions> {
  shape: string;
  /** The module in the shape's folder (correct.ts unless a planted bug's), or a path to another workflows module. */
  variant: string;
  /** Another activities module than the shapes'. */
  activities?: string;
  workflowType: string;
  args: unknown[];
  name: string;
}

const ACCOUNT = [{ accountId: 'acct-7' }];
const ORDER = [{ orderId: 'ord-7', totalAmount: 120 }];
const TRANSFER = [{ transferId: 'tr-7' }];
/** The corpus's travel-booking saga (examples/travel-booking), cancelled while a step runs: the live evidence for its law findings. */
const TRIP = [{ tripId: 'trip-43', traveller: 'ada', hotel: 'grand', flight: 'LH400', amountCents: 120000 }];
const TRAVEL = {
  shape: 'corpus-evidence',
  variant: 'examples/travel-booking/workflows.ts',
  activities: 'examples/travel-booking/activities.ts',
  workflowType: 'bookTrip',
  args: TRIP,
};

export const SHAPE_RECORDINGS: ShapeRecording[] = [
  { shape: 'open-account', variant: 'correct', workflowType: 'openAccount', args: ACCOUNT, name: 'happy' },
  {
    shape: 'open-account',
    variant: 'correct',
    workflowType: 'openAccount',
    args: ACCOUNT,
    name: 'real-failure-addBankAccount',
    failActivities: ['addBankAccount'],
  },
  {
    shape: 'open-account',
    variant: 'correct',
    workflowType: 'openAccount',
    args: ACCOUNT,
    name: 'live-correct-cancel-during-addClient',
    cancelWorkflowDuring: 'addClient',
  },
  {
    shape: 'open-account',
    variant: 'not-shielded',
    workflowType: 'openAccount',
    args: ACCOUNT,
    name: 'live-not-shielded-cancel-during-addClient',
    cancelWorkflowDuring: 'addClient',
  },
  {
    shape: 'open-account',
    variant: 'in-flight-dropped',
    workflowType: 'openAccount',
    args: ACCOUNT,
    name: 'live-in-flight-dropped-cancel-during-addClient',
    cancelWorkflowDuring: 'addClient',
  },
  // A cancel raced by the step's own failure: addBankAccount fails (as on record) after the cancel.
  ...['correct', 'cancel-as-failure'].map((variant) => ({
    shape: 'open-account',
    variant,
    workflowType: 'openAccount',
    args: ACCOUNT,
    name: `live-${variant}-cancel-during-failing-addBankAccount`,
    failActivities: ['addBankAccount'],
    cancelWorkflowDuring: 'addBankAccount',
  })),
  { shape: 'breakfast', variant: 'correct', workflowType: 'breakfastWorkflow', args: [], name: 'happy' },
  {
    shape: 'breakfast',
    variant: 'correct',
    workflowType: 'breakfastWorkflow',
    args: [],
    name: 'real-failure-addMilk',
    failActivities: ['addMilk'],
  },
  {
    shape: 'breakfast',
    variant: 'not-shielded',
    workflowType: 'breakfastWorkflow',
    args: [],
    name: 'live-not-shielded-cancel-during-addCereal',
    cancelWorkflowDuring: 'addCereal',
  },
  { shape: 'breakfast', variant: 'correct', workflowType: 'parallelBreakfast', args: [], name: 'parallel-happy' },
  {
    shape: 'breakfast',
    variant: 'not-shielded',
    workflowType: 'parallelBreakfast',
    args: [],
    name: 'live-parallel-not-shielded-cancel-during-addCereal',
    cancelWorkflowDuring: 'addCereal',
  },
  { shape: 'ecommerce', variant: 'correct', workflowType: 'orderWorkflow', args: ORDER, name: 'happy' },
  {
    shape: 'ecommerce',
    variant: 'correct',
    workflowType: 'orderWorkflow',
    args: ORDER,
    name: 'cancel-order-during-processPayment',
    signalDuring: { activityType: 'processPayment', signalName: 'cancelOrder', args: [] },
  },
  {
    shape: 'ecommerce',
    variant: 'correct',
    workflowType: 'orderWorkflow',
    args: ORDER,
    name: 'approve-order-during-processPayment',
    signalDuring: { activityType: 'processPayment', signalName: 'approveOrder', args: [{ approved: true }] },
  },
  {
    shape: 'ecommerce',
    variant: 'ignores-cancel',
    workflowType: 'orderWorkflow',
    args: ORDER,
    name: 'live-ignores-cancel-cancel-order-during-processPayment',
    signalDuring: { activityType: 'processPayment', signalName: 'cancelOrder', args: [] },
  },
  { shape: 'transfer', variant: 'correct', workflowType: 'transferWorkflow', args: TRANSFER, name: 'happy' },
  {
    shape: 'transfer',
    variant: 'correct',
    workflowType: 'transferWorkflow',
    args: TRANSFER,
    name: 'real-failure-reserveCredit',
    failActivities: ['reserveCredit'],
  },
  {
    shape: 'transfer',
    variant: 'all-not-settled',
    workflowType: 'transferWorkflow',
    args: TRANSFER,
    name: 'live-all-not-settled-reserveCredit',
    failActivities: ['reserveCredit'],
  },
  {
    shape: 'transfer',
    variant: 'correct',
    workflowType: 'transferWorkflow',
    args: TRANSFER,
    name: 'live-correct-cancel-during-finalizeTransfer',
    cancelWorkflowDuring: 'finalizeTransfer',
  },
  {
    shape: 'transfer',
    variant: 'correct',
    workflowType: 'transferWorkflow',
    args: TRANSFER,
    name: 'cancel-transfer-in-window',
    signals: [{ name: 'cancelTransfer', args: [], afterEventType: 'TimerStarted', idle: true }],
  },
  {
    shape: 'transfer',
    variant: 'correct',
    workflowType: 'transferWorkflow',
    args: TRANSFER,
    name: 'add-memo-during-reserveDebit',
    signalDuring: { activityType: 'reserveDebit', signalName: 'addMemo', args: ['by phone'] },
  },
  // The server may reject the close (UnhandledCommand: the step completed during the task): keep that history as it stands.
  {
    ...TRAVEL,
    name: 'live-bookTrip-cancel-during-reserveHotel',
    cancelWorkflowDuring: 'reserveHotel',
    keepOpenHistory: true,
  },
  {
    ...TRAVEL,
    name: 'live-bookTrip-cancel-during-chargeCard',
    cancelWorkflowDuring: 'chargeCard',
    keepOpenHistory: true,
  },
];

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const environment = await startServer('dev');
  try {
    for (const { shape, variant, activities, name, ...options } of SHAPE_RECORDINGS) {
      if (only.length && !only.includes(`${shape}/${name}`)) continue;
      const result = await recordHistory({
        ...options,
        workflowsPath: variant.includes('/') ? variant : join(SAGA_SHAPES, shape, `${variant}.ts`),
        activitiesPath: activities ?? join(SAGA_SHAPES, 'activities.ts'),
        out: join(SAGA_SHAPES, shape, 'histories', `${name}.json`),
        server: 'dev',
        environment,
        timeoutMs: 30_000,
        taskQueue: `saga-shapes-${shape}`,
        workflowId: `saga-shapes-${shape}-${name}`,
      });
      console.log(
        `${result.out}: ${result.events} events, ${result.open ? `still open (${result.open})` : result.closeEventType}`,
      );
    }
  } finally {
    await environment.teardown();
  }
}

if (require.main === module) runScript('record:saga-shapes', main);
