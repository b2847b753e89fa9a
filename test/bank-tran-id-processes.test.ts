// bank_tran_id unique across OS processes (issue 14): two separate node processes, each with its own PostgreSQL pool as
// two finance replicas have, draw ids for the same institution and Korean day at the same moment; every id is
// different and of KFTC's shape (이용기관코드 + 'U' + 9 digits).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openDatabase } from '../platform/db';
import { OpenBanking1733200000300 } from '../subgraphs/finance/migrations/1733200000300-OpenBanking';
import { createTestDatabase, type TestDatabase } from './helpers/database';

const root = path.resolve(__dirname, '..');
const ORG = 'M202600001';
const PER_PROCESS = 200;

let database: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // The table exists before the race: each worker's migration run then finds nothing to do.
  const db = await openDatabase({ url: database.url, name: 'finance', entities: [], migrations: [OpenBanking1733200000300] });
  await db.destroy();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
});

interface Worker { child: ChildProcess; ready: Promise<void>; done: Promise<{ pid: number; ids: string[] }> }

function startWorker(at: number): Worker {
  const job = JSON.stringify({ databaseUrl: database.url, orgCode: ORG, at, count: PER_PROCESS });
  const child = spawn(process.execPath, ['-r', './platform/register.js', 'test/fixtures/tran-id-worker.ts', job], {
    cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before it was ready: ${err}`)));
  });
  const done = new Promise<{ pid: number; ids: string[] }>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as { pid: number; ids: string[] });
    });
  });
  done.catch(() => undefined);
  return { child, ready, done };
}

test('two processes drawing at once for the same institution and day get only different, well-formed ids', async () => {
  const at = Date.parse('2026-12-01T03:00:00Z');
  const workers = [startWorker(at), startWorker(at)];
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin?.end('go\n');
  const results = await Promise.all(workers.map((w) => w.done));
  expect(results[0].pid).not.toBe(results[1].pid);
  const ids = results.flatMap((r) => r.ids);
  expect(ids).toHaveLength(2 * PER_PROCESS);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^M202600001U\d{9}$/);
  // No number skipped or taken twice: the two processes shared one counter.
  expect(ids.map((id) => Number(id.slice(11))).sort((x, y) => x - y)).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
}, 120_000);
