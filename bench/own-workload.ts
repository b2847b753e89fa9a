// On our own workload (issue 13): the acceptance `OrdersDashboard` through the gateway with each component in its
// own process, as `npm start` with DATABASE_URL/REDIS_URL deploys them (`scripts/serve.ts <component>`, the sandbox
// from `sandbox/main.ts`; NODE_ENV unset, as under `npm start`), on real PostgreSQL and Redis, 50 clients. Reports
// the CPU time each process spent per request (utime + stime from /proc/<pid>/stat before and after each timed
// round; PostgreSQL: the backends serving this benchmark's database), the total, requests/s and p50/p95.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { signUserToken } from '../platform/identity';
import { loadConfig } from '../platform/config';
import { openKeyValueStore } from '../platform/kv';
import { openEventBus } from '../platform/events';
import { openCounters } from '../keyring/counters';
import { Keyring } from '../keyring/keyring';
import { seedDemoKeys, DEMO_MARKETPLACES } from '../scripts/seed';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../test/helpers/database';
import { freePort } from '../test/helpers/process';
import { operation } from '../test/helpers/stack';
import { stopChild } from '../platform/stop-child';
import { SERVICE_NODE_FLAGS } from '../platform/node-flags';
import { cpuMs, cpuMsIfAlive } from './cpu';
import { median, percentile } from './harness';
import { forgetRedisKeys } from './harness';

const REPO = path.resolve(__dirname, '..');
const TENANT = 'bench';
/** The processes measured, in the issue's order; ai and keys run too (the gateway composes them) but OrdersDashboard never reaches them. */
export const MEASURED = ['gateway', 'commerce', 'finance', 'logistics', 'postgres'] as const;
type Measured = (typeof MEASURED)[number];

export interface OwnWorkloadOptions {
  rounds?: number;
  seconds?: number;
  warmupSeconds?: number;
  concurrency?: number;
  /** Run every measured Node process (gateway, commerce, finance, logistics) under `node --cpu-prof`, each writing its profiles into its own subdirectory of this one. */
  profileDir?: string;
  /** Extra environment for every component (e.g. to compare a setting). */
  env?: Record<string, string>;
}

interface Round {
  requests: number; errors: number; rps: number; p50Ms: number; p95Ms: number;
  cpuMsPerRequest: Record<Measured, number> & { total: number };
}

interface Component { name: string; child: ChildProcess; output: { text: string } }

async function waitFor(what: string, check: () => Promise<boolean>, component: Component, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (component.child.exitCode !== null || component.child.signalCode !== null) throw new Error(`${component.name} exited before ${what}:\n${component.output.text.slice(-3000)}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${component.name}: ${what} not reached in ${timeoutMs / 1000} s:\n${component.output.text.slice(-3000)}`);
}

const answers = (url: string) => async () => (await fetch(url)).status < 500;

/** The pids of PostgreSQL's backends connected to `database` (the benchmark's own; other work on the server is left out). */
async function backendPids(admin: Client, database: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  return rows.map((row) => row.pid);
}

export async function benchOwnWorkload(options: OwnWorkloadOptions = {}) {
  const { rounds = 3, seconds = 15, warmupSeconds = 5, concurrency = 50 } = options;
  const secrets = { JWT_SECRET: randomBytes(48).toString('base64'), KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const database: TestDatabase = await createTestDatabase();
  const databaseName = new URL(database.url).pathname.slice(1);
  const prefix = `opsgraph-bench:own-workload:${randomUUID()}:`;
  const ports: Record<string, string> = {};
  for (const name of ['GATEWAY_PORT', 'COMMERCE_PORT', 'LOGISTICS_PORT', 'FINANCE_PORT', 'AI_PORT', 'KEYS_PORT', 'SANDBOX_PORT']) ports[name] = String(await freePort());
  const url = (name: string) => `http://127.0.0.1:${ports[`${name.toUpperCase()}_PORT`]}`;
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    SYNC_INTERVAL_MS: '0',
    SANDBOX_URL: url('sandbox'),
    SUBGRAPH_URLS: ['commerce', 'logistics', 'finance', 'ai', 'keys'].map((name) => `${name}=${url(name)}/graphql`).join(','),
    GATEWAY_WORKERS: '1',
    // The tenant's request rate would pace the load itself: the benchmark measures what is behind the limiter.
    TENANT_RATE_PER_SECOND: '1000000',
    TENANT_BURST: '1000000',
    ...secrets,
    ...ports,
    ...options.env,
  };
  const components: Component[] = [];
  const start = (name: string, script: string[], profile: boolean): Component => {
    const nodeArgs = profile && options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.profileDir, name)] : [];
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...nodeArgs, '-r', './platform/register.js', ...script], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const component = { name, child, output: { text: '' } };
    const collect = (chunk: Buffer) => {
      component.output.text = (component.output.text + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    components.push(component);
    return component;
  };
  const admin = new Client({ connectionString: database.url });
  let keyringStores: { close(): Promise<void> } | null = null;
  try {
    const sandbox = start('sandbox', ['sandbox/main.ts'], false);
    await waitFor('the sandbox listening', answers(`${url('sandbox')}/__sandbox/calls`), sandbox);
    // One after the other: each runs its own migrations.
    for (const name of ['commerce', 'logistics', 'finance', 'ai', 'keys']) {
      const component = start(name, ['scripts/serve.ts', name], (MEASURED as readonly string[]).includes(name));
      await waitFor('/health', answers(`${url(name)}/health`), component);
    }
    const gateway = start('gateway', ['scripts/serve.ts', 'gateway'], true);
    await waitFor('/ready', async () => (await fetch(`${url('gateway')}/ready`)).status === 200, gateway);

    // The bench tenant, as npm start seeds the demo one: the sandbox's keys, then a first sync of every marketplace.
    const config = loadConfig(env);
    const counters = await openCounters(config.pubsub, config.redisKeyPrefix, { replicas: config.faults.keyringReplicas });
    const events = await openEventBus(config.pubsub, config.redisKeyPrefix);
    const keyring = await Keyring.open({ databaseUrl: database.url, masterKey: config.keyEncryptionKey.key, previousMasterKeys: config.keyEncryptionKey.previous, counters, events, prices: config.llmPrices });
    const kv = await openKeyValueStore(config.pubsub, config.redisKeyPrefix);
    keyringStores = { close: async () => { await kv.close(); await keyring.close(); await events.close(); await counters.close(); } };
    await seedDemoKeys({ keyring, kv, config }, TENANT, { everyMarketplace: true });
    const adminToken = await signUserToken({ sub: 'bench', tenant: TENANT, roles: ['admin'] }, secrets.JWT_SECRET, { expiresIn: '2h' });
    const graphql = `${url('gateway')}/graphql`;
    for (const marketplace of DEMO_MARKETPLACES) {
      const response = await fetch(graphql, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query: `mutation { syncOrders(marketplace: ${marketplace}) { created } }` }),
      });
      const json = (await response.json()) as { errors?: unknown[] };
      if (json.errors) throw new Error(`syncOrders(${marketplace}) failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
    }

    const token = await signUserToken({ sub: 'bench', tenant: TENANT, roles: ['viewer'] }, secrets.JWT_SECRET, { expiresIn: '2h' });
    const body = JSON.stringify({ query: operation('OrdersDashboard'), variables: { first: 20 } });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const check = await (await fetch(graphql, { method: 'POST', headers, body })).json() as { data?: { orders: { totalCount: number; edges: unknown[] } }; errors?: unknown[] };
    if (check.errors || !check.data || check.data.orders.edges.length === 0) throw new Error(`OrdersDashboard failed: ${JSON.stringify(check).slice(0, 300)}`);
    const orders = check.data.orders.totalCount;

    await admin.connect();
    const pid = (name: string) => components.find((c) => c.name === name)!.child.pid!;
    type Sample = Record<Exclude<Measured, 'postgres'>, number> & { backends: Map<number, number> };
    const sample = async (): Promise<Sample> => {
      const own = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const backends = new Map<number, number>();
      for (const backend of await backendPids(admin, databaseName)) {
        const cpu = backend === own ? null : cpuMsIfAlive(backend); // this sampler's own backend is left out
        if (cpu !== null) backends.set(backend, cpu);
      }
      return { gateway: cpuMs(pid('gateway')), commerce: cpuMs(pid('commerce')), finance: cpuMs(pid('finance')), logistics: cpuMs(pid('logistics')), backends };
    };
    const spent = (before: Sample, after: Sample): Record<Measured, number> => {
      // A backend that started during the round spent all its CPU in it; one that ended during it is lost (the pools keep theirs).
      let postgres = 0;
      for (const [backend, cpu] of after.backends) postgres += cpu - (before.backends.get(backend) ?? 0);
      return { gateway: after.gateway - before.gateway, commerce: after.commerce - before.commerce, finance: after.finance - before.finance, logistics: after.logistics - before.logistics, postgres };
    };
    const load = async (durationSeconds: number): Promise<Round> => {
      const latencies: number[] = [];
      let errors = 0;
      const before = await sample();
      const started = performance.now();
      const deadline = started + durationSeconds * 1000;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const ok = await fetch(graphql, { method: 'POST', headers, body })
            .then(async (response) => response.status === 200 && !((await response.json()) as { errors?: unknown[] }).errors)
            .catch(() => false);
          if (ok) latencies.push(performance.now() - t0);
          else errors++;
        }
      }));
      const elapsed = (performance.now() - started) / 1000;
      const after = await sample();
      latencies.sort((a, b) => a - b);
      const ms = (p: number) => Math.round(percentile(latencies, p) * 10) / 10;
      const count = Math.max(1, latencies.length + errors);
      const cpu = spent(before, after);
      const perRequest = Object.fromEntries(MEASURED.map((name) => [name, Math.round((cpu[name] / count) * 100) / 100])) as Record<Measured, number>;
      const total = Math.round(MEASURED.reduce((sum, name) => sum + perRequest[name], 0) * 100) / 100;
      return { requests: latencies.length, errors, rps: Math.round((latencies.length / elapsed) * 10) / 10, p50Ms: ms(50), p95Ms: ms(95), cpuMsPerRequest: { ...perRequest, total } };
    };

    await load(3 * warmupSeconds); // a first, longer warm-up: JIT, pools, caches
    const measured: Round[] = [];
    for (let round = 0; round < rounds; round++) {
      await load(warmupSeconds);
      const result = await load(seconds);
      const cpu = result.cpuMsPerRequest;
      console.log(
        `  round ${round + 1}: ${result.rps} req/s, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, CPU ms/request ${cpu.total} ` +
          `(${MEASURED.map((name) => `${name} ${cpu[name]}`).join(', ')}), ${result.errors} errors, load average ${os.loadavg()[0].toFixed(1)}`,
      );
      measured.push(result);
    }
    const m = (pick: (round: Round) => number) => median(measured.map(pick));
    return {
      benchmark: 'own-workload',
      operation: 'OrdersDashboard(first: 20)',
      orders,
      rounds,
      secondsPerRound: seconds,
      concurrency,
      nodeEnv: env.NODE_ENV ?? '(unset)',
      loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
      requests: measured.reduce((sum, round) => sum + round.requests, 0),
      errors: measured.reduce((sum, round) => sum + round.errors, 0),
      rps: m((r) => r.rps),
      p50Ms: m((r) => r.p50Ms),
      p95Ms: m((r) => r.p95Ms),
      cpuMsPerRequest: Object.fromEntries([...MEASURED, 'total' as const].map((name) => [name, m((r) => r.cpuMsPerRequest[name])])),
      roundsMeasured: measured,
    };
  } finally {
    await admin.end().catch(() => undefined);
    await keyringStores?.close().catch(() => undefined);
    for (const component of components.reverse()) await stopChild(component.child);
    await database.drop().catch((error) => console.error('dropping the benchmark database failed:', error));
    await forgetRedisKeys(prefix);
  }
}

