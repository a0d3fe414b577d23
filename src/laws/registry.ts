import { cleanupOnCancel } from './cleanup-on-cancel';
import { closesAsDeclared } from './closes-as-declared';
import { everyCompletedStepUndone } from './every-completed-step-undone';
import { finallyAfterUndos } from './finally-after-undos';
import type { SagaLaw } from './law';
import { noForwardAfterFault } from './no-forward-after-fault';
import { samePathAsRecorded } from './same-path-as-recorded';
import { undoOrder } from './undo-order';
import { undoStages } from './undo-stages';
import { undosRunTogether } from './undos-run-together';
import { undoneExactlyOnce } from './undone-exactly-once';
import { undosFinishBeforeClose } from './undos-finish-before-close';

/** Every saga law, in the order findings are listed. */
export const SAGA_LAWS: readonly SagaLaw[] = [
  everyCompletedStepUndone,
  undoneExactlyOnce,
  undoOrder,
  undosRunTogether,
  undoStages,
  noForwardAfterFault,
  finallyAfterUndos,
  cleanupOnCancel,
  undosFinishBeforeClose,
  closesAsDeclared,
  samePathAsRecorded,
];
