// The production image runs compiled JavaScript (scripts/build.js), not the on-the-fly compiler: the compiled code
// must build the same schema, decorator metadata included, as the sources do.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

describe('npm run build', () => {
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-build-'));
    await run(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), out]);
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('compiles every source module and leaves tests out', () => {
    expect(fs.existsSync(path.join(out, 'scripts', 'serve.js'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'sandbox', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'operations', '__generated__', 'partner', 'persisted-documents.json'))).toBe(true);
    const files = fs.readdirSync(out, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(files.filter((file) => file.includes('.test.'))).toEqual([]);
  });

  test('the compiled subgraphs print the checked-in schema (decorator metadata survives compilation)', async () => {
    const { stdout } = await run(process.execPath, ['-r', 'reflect-metadata', path.join(out, 'scripts', 'schema.js'), '--check'], {
      cwd: ROOT,
      // The build lives outside the checkout: modules come from the checkout's node_modules, as the image's do.
      env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    expect(stdout).toContain('schema/ matches the code');
  }, 120_000);
});
