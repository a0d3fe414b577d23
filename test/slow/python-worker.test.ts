import { PYTHON_CORPUS, pythonWorkerCommand } from '../support/python';
import { workerSuite } from '../support/worker-suite';

/** The Python reference saga (examples/python-tenant-provisioning) and its planted bugs, one module each (test/fixtures/python-saga-variants). */
workerSuite({ title: 'Python worker (temporalio from PyPI)', corpus: PYTHON_CORPUS, command: pythonWorkerCommand });
