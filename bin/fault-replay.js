#!/usr/bin/env node
'use strict';
// In a checkout, run the TypeScript sources directly; an installed package runs its built lib/.
const path = require('node:path');
const fs = require('node:fs');
const source = path.join(__dirname, '..', 'src', 'cli.ts');
let cli;
if (fs.existsSync(source)) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  cli = require(source);
} else {
  cli = require('../lib/src/cli.js');
}
cli.main(process.argv.slice(2)).then((code) => process.exit(code));
