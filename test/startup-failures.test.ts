// A first run that fails says, in one line and without a stack, which setting to fix.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lockDataDirectory } from '../platform/data-lock';
import { describeStartupFailure } from '../platform/preflight';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './helpers/database';

const ROOT = path.resolve(__dirname, '..');

/** Runs one of the start scripts and returns how it ended. */
function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['-r', path.join(ROOT, 'platform/register.js'), path.join(ROOT, script), ...args], {
      cwd: ROOT,
      // Only what the test sets: no DATABASE_URL or REDIS_URL leaking in from the runner's environment.
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_OPTIONS: '', ...env },
      timeout: 60_000,
    }, (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }));
    child.stdin?.end();
  });
}

/** A port with something listening on it, for "already in use". */
async function busyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port with nothing listening on it, for "connection refused". */
async function closedPort(): Promise<number> {
  const busy = await busyPort();
  await busy.close();
  return busy.port;
}

const oneLine = (stderr: string) => stderr.trim().split('\n').filter((line) => !/^\{"level"/.test(line));

describe('start-up failures name the setting', () => {
  const base = { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, HOST: '127.0.0.1' };

  test('an unreachable DATABASE_URL', async () => {
    const port = await closedPort();
    const { code, stderr } = await run('scripts/serve.ts', ['commerce'], { ...base, DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${port}/test`, COMMERCE_PORT: '0' });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual([`Cannot reach PostgreSQL at DATABASE_URL=postgres://postgres:***@127.0.0.1:${port}/test (connection refused): start PostgreSQL or fix DATABASE_URL`]);
  }, 180_000);

  test('a database that does not exist', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/opsgraph_no_such_database';
    const { code, stderr } = await run('scripts/serve.ts', ['commerce'], { ...base, DATABASE_URL: url.toString(), COMMERCE_PORT: '0' });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual([expect.stringMatching(/^The database "opsgraph_no_such_database" does not exist .*DATABASE_URL=.*createdb opsgraph_no_such_database/)]);
  }, 180_000);

  test('an unreachable REDIS_URL', async () => {
    const port = await closedPort();
    const { code, stderr } = await run('scripts/serve.ts', ['commerce'], { ...base, REDIS_URL: `redis://127.0.0.1:${port}`, COMMERCE_PORT: '0' });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual([`Cannot reach Redis at REDIS_URL=redis://127.0.0.1:${port} (connection refused): start Redis or fix REDIS_URL`]);
  }, 180_000);

  test("a busy subgraph port, and npm start's busy GATEWAY_PORT", async () => {
    const busy = await busyPort();
    try {
      const subgraph = await run('scripts/serve.ts', ['commerce'], { ...base, COMMERCE_PORT: String(busy.port) });
      expect(subgraph.code).toBe(1);
      expect(oneLine(subgraph.stderr)).toEqual([`COMMERCE_PORT=${busy.port} is already in use on 127.0.0.1 (another opsgraph?): stop that process or set COMMERCE_PORT to a free port`]);
      const stack = await run('scripts/start.ts', [], { ...base, GATEWAY_PORT: String(busy.port), SANDBOX_PORT: '0', COMMERCE_PORT: '0', LOGISTICS_PORT: '0', FINANCE_PORT: '0', AI_PORT: '0', KEYS_PORT: '0' });
      expect(stack.code).toBe(1);
      expect(oneLine(stack.stderr)).toEqual([expect.stringMatching(new RegExp(`^GATEWAY_PORT=${busy.port} is already in use`))]);
    } finally {
      await busy.close();
    }
  }, 180_000);

  test('keys:rotate-master on a data directory that a running stack holds', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-rotate-'));
    const lock = lockDataDirectory(path.join(dataDir, 'pglite'));
    try {
      const { code, stderr } = await run('scripts/rotate-master.ts', [], {
        DATA_DIR: dataDir,
        KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
        KEY_ENCRYPTION_KEY_PREVIOUS: Buffer.alloc(32, 2).toString('base64'),
      });
      expect(code).toBe(1);
      expect(oneLine(stderr)).toEqual([expect.stringContaining(`${path.join(dataDir, 'pglite')} is in use by process ${process.pid}`)]);
    } finally {
      lock.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  test('any other failure is one line, and its stack only at LOG_LEVEL=debug', () => {
    const error = new Error('something odd');
    expect(describeStartupFailure(error, 'info')).toBe('Start-up failed: something odd (LOG_LEVEL=debug shows the stack)');
    expect(describeStartupFailure(error, 'debug')).toContain('    at ');
  });
});
