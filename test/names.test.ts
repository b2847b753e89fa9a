// Tenant ids are chosen by customers, so no tenant id may name something else. Two layers keep them apart: the
// gateway refuses tokens whose tenant is a reserved name or holds a ':' (platform/tenants.ts), and underneath,
// every Redis key and topic lives in its scope's own namespace (platform/scope.ts), so a tenant called "platform"
// would not hear the shared pool's key alerts and one called "partner:acme" would not drain partner acme's bucket.
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { openEventBus, topics, type OpsEvent } from '../platform/events';
import { openRateLimitStore } from '../gateway/plugins/rate-limit-store';
import { takeRequestRate } from '../gateway/plugins/rate-limit';
import type { Identity } from '../platform/identity';
import { until } from './helpers/subscriptions';
import { startTestStack, type TestStack } from './helpers/stack';

const TIGHT = { perSecond: 0.01, burst: 3, overrides: {} };
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

test('the gateway refuses tokens whose tenant would name the platform or a partner', async () => {
  for (const tenant of ['platform', 'partner:acme']) {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(tenant, ['admin'])}` },
      body: JSON.stringify({ query: '{ orders(first: 1) { totalCount } }' }),
    });
    expect({ tenant, status: response.status }).toEqual({ tenant, status: 401 });
  }
});

test('a tenant called "platform" hears its own key alerts, never the shared pool\'s', async () => {
  const bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  const heard = { tenant: [] as OpsEvent[], platform: [] as OpsEvent[] };
  const stops = [
    await bus.subscribe(topics.keys('platform'), (event) => heard.tenant.push(event)),
    await bus.subscribe(topics.keys(null), (event) => heard.platform.push(event)),
  ];
  try {
    const shared = await stack.keyring.addKey({ tenantId: null, provider: 'SWEETTRACKER', label: 'pool', dailyQuota: 5, credentials: DEMO_CREDENTIALS.sweettracker });
    for (let i = 0; i < 5; i++) await stack.keyring.call({ tenantId: 'someone', provider: 'SWEETTRACKER', operation: 'test' }, async () => 'ok');
    await until(() => heard.platform.length >= 2, 'the shared key passes 80% and 100%');

    // Published after the shared pool's: once these arrive, the others would have too.
    const own = await stack.keyring.addKey({ tenantId: 'platform', provider: 'SWEETTRACKER', label: 'own', dailyQuota: 5, credentials: DEMO_CREDENTIALS.sweettracker });
    for (let i = 0; i < 5; i++) await stack.keyring.call({ tenantId: 'platform', provider: 'SWEETTRACKER', operation: 'test' }, async () => 'ok');
    await until(() => heard.tenant.length >= 2, 'the tenant hears its own key');
    expect(heard.platform.map((e) => ('keyId' in e ? e.keyId : null))).toEqual([shared.id, shared.id]);
    expect(heard.tenant.map((e) => ('keyId' in e ? e.keyId : null))).toEqual([own.id, own.id]);
  } finally {
    stops.forEach((stop) => stop());
    await bus.close();
  }
});

test('a tenant called "partner:acme" spends its own request bucket, not partner acme\'s', async () => {
  // The function both HTTP requests and subscribe messages draw through, on the stack's Redis.
  const store = await openRateLimitStore(stack.config.pubsub, stack.config.redisKeyPrefix);
  try {
    const impostor: Identity = { sub: 'someone', tenant: 'partner:acme', roles: ['viewer'] };
    const refusals = [];
    for (let i = 0; i < TIGHT.burst + 1; i++) refusals.push(await takeRequestRate(store, TIGHT, impostor));
    expect(refusals.map((refusal) => refusal?.what ?? 'admitted')).toEqual(['admitted', 'admitted', 'admitted', 'Tenant partner:acme']);

    const partner: Identity = { sub: 'acme', tenant: 'names-partner-home', roles: ['partner', 'viewer'] };
    expect(await takeRequestRate(store, TIGHT, partner)).toBeNull();
  } finally {
    await store.close();
  }
});
