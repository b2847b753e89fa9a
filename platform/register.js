// Require hook for running the TypeScript sources directly (`node -r ./platform/register.js x.ts`).
// Each file is compiled once and cached by the hash of its source and the compiler's options and version
// (node_modules/.cache/opsgraph-swc), so a warm `npm start` does not compile the project again.
const { transformSync, version } = require('@swc/core');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const options = require('./swc.js');

const CACHE_DIR = path.resolve(__dirname, '..', 'node_modules', '.cache', 'opsgraph-swc');
const SALT = `${version}:${JSON.stringify(options)}`;
let cacheUsable = true;

function compile(source, filename) {
  const key = crypto.createHash('sha256').update(SALT).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  if (cacheUsable) {
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // Not compiled yet.
    }
  }
  const { code } = transformSync(source, { ...options, filename });
  if (cacheUsable) {
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // Written whole, then renamed: a process reading the cache never sees half a file.
      const temporary = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, cached);
    } catch {
      cacheUsable = false; // a read-only checkout still runs, compiling every time
    }
  }
  return code;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
require('reflect-metadata');
