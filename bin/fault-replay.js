#!/usr/bin/env node
'use strict';
// In a checkout, run the TypeScript sources directly; an installed package runs its built lib/.
const path = require('node:path');
const fs = require('node:fs');
const source = path.join(__dirname, '..', 'src', 'cli.ts');
const fromSource = fs.existsSync(source);
if (fromSource) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
}
const lib = (module) => require(fromSource ? path.join(__dirname, '..', 'src', module) : path.join(__dirname, '..', 'lib', 'src', module));
// Before anything loads @temporalio/*: a missing or too old SDK is one line and exit 2.
const problem = lib('util/sdk-version').sdkVersionProblem();
if (problem) {
  console.error(`fault-replay: ${problem}`);
  process.exit(2);
}
lib('cli').main(process.argv.slice(2)).then((code) => process.exit(code));
