import { PYTHON_CORPUS, PYTHON_VARIANTS, pythonWorkerCommand } from '../support/python';
import { workerFidelitySuite } from '../support/worker-fidelity';

workerFidelitySuite({
  sdk: 'Python',
  corpus: PYTHON_CORPUS,
  variants: PYTHON_VARIANTS,
  command: pythonWorkerCommand,
  failureMarks: ['source'],
});
