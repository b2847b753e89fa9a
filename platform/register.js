// Require hook for running the TypeScript sources directly (`node -r ./platform/register.js x.ts`).
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const options = require('./swc.js');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...options, filename });
  module._compile(code, filename);
};
require('reflect-metadata');
