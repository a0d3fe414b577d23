/**
 * Loaded by mocha before every test file (.mocharc.json). Tests start many short engines: one
 * worker process of each kind starts faster than one per core, and the results are the same
 * (test/report/determinism.test.ts compares two workers with one). A test that wants more says so.
 */
process.env.FAULT_REPLAY_WORKERS ??= '1';
