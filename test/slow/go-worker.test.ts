import { GO_CORPUS, goWorkerCommand } from '../support/go';
import { workerSuite } from '../support/worker-suite';

/** The Go reference saga (examples/go-tenant-provisioning; go.temporal.io/sdk, not core-based) and its planted bugs, the worker's -bugs knobs. */
workerSuite({
  title: 'Go worker (go.temporal.io/sdk from the Go module proxy)',
  corpus: GO_CORPUS,
  command: goWorkerCommand,
});
