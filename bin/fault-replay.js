#!/usr/bin/env node
'use strict';
// In a checkout, run the TypeScript sources directly (through the tool's own swc hook); an installed
// package runs its built lib/. Any error nothing else caught, loading included, is one line and exit 2
// (1 means "a regression found"); --debug or FAULT_REPLAY_DEBUG=1 adds its stack.
const path = require('node:path');
const fs = require('node:fs');

const argv = process.argv.slice(2);
const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
if (argv.slice(0, end).includes('--debug')) {
  argv.splice(argv.indexOf('--debug'), 1);
  process.env.FAULT_REPLAY_DEBUG = '1';
}

function crash(err) {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n').find((text) => text.trim() !== '') ?? message;
  console.error(`fault-replay: ${line.trim()}`);
  if (process.env.FAULT_REPLAY_DEBUG === '1') console.error(err instanceof Error ? err.stack : err);
  process.exit(2);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

try {
  const source = path.join(__dirname, '..', 'src', 'cli.ts');
  const fromSource = fs.existsSync(source);
  if (fromSource) require('../scripts/register-source.js');
  const lib = (module) =>
    require(fromSource ? path.join(__dirname, '..', 'src', module) : path.join(__dirname, '..', 'lib', 'src', module));
  // Before anything loads @temporalio/*: a missing or too old SDK is one line and exit 2.
  const problem = lib('util/sdk-version').sdkVersionProblem();
  if (problem) {
    console.error(`fault-replay: ${problem}`);
    process.exit(2);
  }
  lib('cli')
    .main(argv)
    .then((code) => process.exit(code), crash);
} catch (err) {
  crash(err);
}
