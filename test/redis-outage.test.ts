// Redis unreachable mid-test (the stack runs on a redis-server of its own, stopped and started again): the
// gateway says so on /ready but keeps serving on per-process shares of its limits; payments fail closed
// (PROVIDER_UNAVAILABLE) while other providers are called on each process's share of the key's rate and quota.
import type { ChildProcess } from 'node:child_process';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { freePort } from './helpers/gateway-process';
import { killRedisServer, startRedisServer } from './helpers/redis-server';
import { until } from './helpers/subscriptions';

const TENANT = 'redis-outage-tenant';
const TIGHT = { perSecond: 0.01, burst: 4 };
let redis: ChildProcess;
let port: number;
let stack: TestStack;

const startRedis = () => startRedisServer(port);
const stopRedis = () => killRedisServer(redis);

const ready = async () => {
  const response = await fetch(stack.gateway.url.replace(/\/graphql$/, '/ready'));
  return { status: response.status, body: (await response.json()) as { status: string } };
};

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis();
  stack = await startTestStack({
    env: { REDIS_URL: `redis://127.0.0.1:${port}`, GATEWAY_REPLICAS: '2', KEYRING_REPLICAS: '2', TENANT_RATE_LIMITS: JSON.stringify({ 'outage-tight': TIGHT }) },
  });
}, 180_000);

afterAll(async () => {
  // Redis back first, so every client closes cleanly.
  if (redis && (redis.exitCode !== null || redis.signalCode !== null)) redis = await startRedis();
  await stack?.close();
  if (redis) await stopRedis();
});

test('while Redis is unreachable: /ready is 503 naming Redis, edge limits are per-process shares, payments fail closed, other providers run on shares', async () => {
  const admin = await stack.token(TENANT);
  const tracker = await stack.keyring.addKey({ tenantId: TENANT, provider: 'SWEETTRACKER', label: 'st', dailyQuota: 10, credentials: DEMO_CREDENTIALS.sweettracker });
  const toss = await stack.keyring.addKey({ tenantId: TENANT, provider: 'TOSS', label: 'toss', credentials: DEMO_CREDENTIALS.toss });
  await until(async () => (await ready()).status === 200, '/ready answers 200');
  expect((await stack.request(operation('TestApiKey'), { id: tracker.id }, admin)).data!.testApiKey.ok).toBe(true);

  await stopRedis();
  await until(async () => (await ready()).status === 503, '/ready answers 503');
  expect((await ready()).body.status).toMatch(/Redis/);

  // The gateway keeps serving, on its share of each limit: a burst of 4 across 2 replicas is 2 here.
  const tight = await stack.token('outage-tight', ['viewer']);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await stack.request('{ orders(first: 1) { totalCount } }', {}, tight)).status);
  expect(statuses).toEqual([200, 200, 429]);

  // Payments fail closed; Sweet Tracker goes on, on this process's share of what was left of its quota (⌊(10 − 1) / 2⌋ = 4).
  const payment = await stack.request(operation('TestApiKey'), { id: toss.id }, admin);
  expect(payment.errors?.[0].extensions?.code).toBe('PROVIDER_UNAVAILABLE');
  expect((await stack.request(operation('TestApiKey'), { id: tracker.id }, admin)).data!.testApiKey.ok).toBe(true);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 6 }, () => stack.keyring.call({ tenantId: TENANT, provider: 'SWEETTRACKER', operation: 'test' }, async () => 'ok')),
  );
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
  expect(outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason.extensions?.code)).toEqual(Array(3).fill('QUOTA_EXHAUSTED'));

  redis = await startRedis();
  await until(async () => (await ready()).status === 200, '/ready answers 200 again once Redis is back', 15_000);
}, 90_000);
