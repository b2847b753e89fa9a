// `npm start` as a new user runs it: embedded storage, a seeded demo tenant, a printed URL and token,
// `opsgraph ready` in the log, and a clean stop on SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitForOutput } from './helpers/process';

const root = path.resolve(__dirname, '..');
let child: ChildProcess | null = null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-start-'));

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('starts the whole stack on embedded storage, serves the demo tenant, and stops cleanly on SIGINT', async () => {
  const ports = ['GATEWAY_PORT', 'COMMERCE_PORT', 'LOGISTICS_PORT', 'FINANCE_PORT', 'AI_PORT', 'KEYS_PORT', 'SANDBOX_PORT'];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  for (const port of ports) env[port] = '0';
  child = spawn(process.execPath, ['-r', './platform/register.js', 'scripts/start.ts'], { cwd: root, env });
  const output = { text: '' };
  await waitForOutput(child, /opsgraph ready/, output);
  expect(output.text).toMatch(/embedded PGlite/);
  const url = output.text.match(/gateway:\s+(\S+)/)![1];
  const token = output.text.match(/dev token:\s+(\S+)/)![1];
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ orders(first: 5) { totalCount edges { node { payment { status } shipments { status } } } } }' }),
  });
  const body = (await response.json()) as any;
  expect(body.errors).toBeUndefined();
  expect(body.data.orders.totalCount).toBeGreaterThanOrEqual(30);
  expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
}, 180_000);
