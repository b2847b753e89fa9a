// Compiles the TypeScript sources to JavaScript under dist/ (same layout), for the production image: no
// on-the-fly compiler at run time. One swc configuration with `npm start` and jest (platform/swc.js), so the
// decorator metadata type-graphql and TypeORM read is emitted the same way. Tests and benchmarks are left out.
const fs = require('node:fs');
const path = require('node:path');
const { transformFileSync } = require('@swc/core');
const swc = require('../platform/swc.js');

const ROOT = path.resolve(__dirname, '..');
// `node scripts/build.js [outDir]` (default dist/).
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
// schema/ comes along so the compiled `scripts/schema.js --check` can prove the compiled code builds the same SDL.
const SOURCES = ['gateway', 'subgraphs', 'providers', 'keyring', 'sandbox', 'platform', 'scripts', 'operations', 'schema'];
// Read at run time beside the code that reads them (paths resolved from __dirname).
const ASSETS = [/\.json$/, /\.graphql$/];

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

fs.rmSync(OUT, { recursive: true, force: true });
let compiled = 0;
for (const source of SOURCES) {
  for (const file of walk(path.join(ROOT, source))) {
    const relative = path.relative(ROOT, file);
    const target = path.join(OUT, relative);
    if (file.endsWith('.test.ts') || relative.split(path.sep).includes('test-support')) continue;
    if (file.endsWith('.ts')) {
      const { code } = transformFileSync(file, { ...swc, sourceMaps: false, filename: file });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target.replace(/\.ts$/, '.js'), code);
      compiled += 1;
    } else if (ASSETS.some((pattern) => pattern.test(file))) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(file, target);
    }
  }
}
// The admin console is static files the gateway serves as they are (gateway/console.ts reads them beside itself).
fs.cpSync(path.join(ROOT, 'console'), path.join(OUT, 'console'), { recursive: true });
console.log(`compiled ${compiled} files into ${path.relative(process.cwd(), OUT) || '.'}`);
