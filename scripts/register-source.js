'use strict';
// Running from a checkout (bin/fault-replay.js and the processes it forks): the tool's own TypeScript
// sources load through its swc hook (src/util/typescript-hook.ts). That hook is TypeScript too, so
// this compiles it alone with the same swc first; registering it replaces this stand-in loader.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const options = {
    filename,
    swcrc: false,
    configFile: false,
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  };
  module._compile(transformSync(readFileSync(filename, 'utf8'), options).code, filename);
};
require(path.join(__dirname, '..', 'src', 'util', 'typescript-hook.ts')).registerTypeScript();
