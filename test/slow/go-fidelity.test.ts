import { GO_CORPUS, GO_VARIANTS, goDifferences, goWorkerCommand } from '../support/go';
import { workerFidelitySuite } from '../support/worker-fidelity';

workerFidelitySuite({
  sdk: 'Go',
  corpus: GO_CORPUS,
  variants: GO_VARIANTS,
  command: goWorkerCommand,
  failureMarks: ['source', 'stackTrace'],
  setAside: goDifferences,
});
