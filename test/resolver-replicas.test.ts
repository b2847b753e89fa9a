// The key resolver across processes: two replicas share PostgreSQL and Redis, and between them never spend a
// key past its quota nor a provider past its rate limit.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { Keyring } from '../keyring/keyring';
import { RedisCounters } from '../keyring/counters';
import { effectiveRate } from '../keyring/limits';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './helpers/database';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
let database: TestDatabase;
let keyring: Keyring;
let sandbox: Sandbox;
let counters: RedisCounters;
const prefix = `opsgraph-test:${randomUUID()}:`;

beforeAll(async () => {
  database = await createTestDatabase();
  // Opened once here so that the workers find the tables migrated.
  counters = await new RedisCounters(TEST_REDIS_URL, prefix).connect();
  keyring = await Keyring.open({ databaseUrl: database.url, masterKey: Buffer.alloc(32, 7), counters });
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await keyring?.close();
  await counters?.close();
  await sandbox?.close();
  await database?.drop();
});

interface WorkerResult { servedBy: Record<string, number>; refusals: Record<string, number>; providerThrottles: number; admissions: Record<string, number[]> }

async function worker(job: Record<string, unknown>): Promise<WorkerResult> {
  const { stdout } = await run(process.execPath, ['-r', './platform/register.js', 'test/fixtures/resolver-worker.ts', JSON.stringify({
    databaseUrl: database.url, redisUrl: TEST_REDIS_URL, prefix, ...job,
  })], { cwd: root, timeout: 60_000, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/**
 * The most calls admitted in any span of time beyond what GCRA allows (burst + span / interval): 0 when the
 * admissions kept to the rate. Times are Redis TIME in whole ms, hence the 1 ms of slack per span.
 */
function excessOverRate(times: number[], rate: { intervalMs: number; burst: number }): number {
  const sorted = [...times].sort((a, b) => a - b);
  let excess = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = rate.burst + (sorted[j] - sorted[i] + 1) / rate.intervalMs;
      excess = Math.max(excess, j - i + 1 - Math.floor(allowed));
    }
  }
  return excess;
}

function sum(results: WorkerResult[], keyId: string): number {
  return results.reduce((total, r) => total + (r.servedBy[keyId] ?? 0), 0);
}

test("two replicas, 500 concurrent calls, the tenant's key with quota 100: exactly 100 served by it, the rest by the shared pool", async () => {
  const tenantId = `quota-${randomUUID().slice(0, 8)}`;
  const own = await keyring.addKey({ tenantId, provider: 'SWEETTRACKER', label: 'own', dailyQuota: 100, credentials: { apiKey: 'own-key' } });
  const pool = await keyring.addKey({ tenantId: null, provider: 'SWEETTRACKER', label: 'pool', dailyQuota: 100_000, credentials: { apiKey: 'pool-key' } });
  const results = await Promise.all([1, 2].map(() => worker({ tenantId, calls: 250, mode: 'local' })));
  expect(sum(results, own.id)).toBe(100);
  expect(sum(results, pool.id)).toBe(400);
  expect(results.every((r) => Object.keys(r.refusals).length === 0)).toBe(true);
  // The counter in Redis agrees: the exhausted key was never spent past its quota.
  const [ownView] = await keyring.listKeys(tenantId);
  expect(ownView).toMatchObject({ usedToday: 100, status: 'EXHAUSTED' });
}, 90_000);

test("a burst of three times Naver's limit from two replicas is admitted at Naver's pace, on Redis's clock; with the resolver's limit lifted it is not", async () => {
  const clientSecret = bcrypt.genSaltSync(4);
  const credentials = { clientId: `naver-${randomUUID().slice(0, 8)}`, clientSecret };
  await fetch(`${sandbox.url}/__sandbox/credentials`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'naver', credentials }),
  });
  const naverBaseUrl = `${sandbox.url}/naver`;
  const paced = `paced-${randomUUID().slice(0, 8)}`;
  const pacedKey = await keyring.addKey({ tenantId: paced, provider: 'NAVER', label: 'naver', credentials });
  // Naver: 30/s with a burst of 60 for the query; 90 calls per replica is three times the burst.
  const results = await Promise.all([1, 2].map(() => worker({ tenantId: paced, calls: 90, mode: 'naver', naverBaseUrl, maxWaitMs: 15_000 })));
  expect(results.reduce((total, r) => total + Object.values(r.servedBy).reduce((a, b) => a + b, 0), 0)).toBe(180);
  // Not the sandbox's view (on a busy machine calls admitted apart can arrive together), but the admissions
  // themselves, which are what the resolver decides: never more than the burst plus the rate in any span.
  const naverRate = effectiveRate('NAVER', 'probe', { ratePerSecond: null, rateBurst: null })!;
  const pacedAdmissions = results.flatMap((r) => r.admissions[pacedKey.id] ?? []);
  expect(pacedAdmissions.length).toBeGreaterThanOrEqual(180);
  expect(excessOverRate(pacedAdmissions, naverRate)).toBe(0);

  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  const unpaced = `unpaced-${randomUUID().slice(0, 8)}`;
  const key = await keyring.addKey({ tenantId: unpaced, provider: 'NAVER', label: 'naver', credentials });
  await keyring.updateKey(key.id, { tenantId: unpaced, platform: false }, { ratePerSecond: 100_000, rateBurst: 100_000 });
  const unlimited = await Promise.all([1, 2].map(() => worker({ tenantId: unpaced, calls: 90, mode: 'naver', naverBaseUrl, maxWaitMs: 100 })));
  // The same check sees a resolver that does not pace: 180 admissions far faster than Naver's rate.
  expect(excessOverRate(unlimited.flatMap((r) => r.admissions[key.id] ?? []), naverRate)).toBeGreaterThan(0);
}, 90_000);
