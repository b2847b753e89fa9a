// Tenant ids are chosen by customers, so no tenant id may name something else: a tenant called "platform" does
// not hear the shared pool's key alerts, and a tenant called "partner:acme" does not drain partner acme's bucket.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, type TestStack } from './helpers/stack';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const TIGHT = { perSecond: 0.01, burst: 3 };
let stack: TestStack;
const subscribers: Subscriber[] = [];

beforeAll(async () => {
  // Every tenant and partner on the same tight rate: only the buckets' names can keep them apart.
  stack = await startTestStack({ env: { TENANT_RATE_PER_SECOND: String(TIGHT.perSecond), TENANT_BURST: String(TIGHT.burst) } });
}, 60_000);

afterAll(async () => {
  for (const subscriber of subscribers) await subscriber.stop();
  await stack?.close();
});

const ALERTS = 'subscription { apiKeyAlerts { keyId kind } }';

test('a tenant called "platform" receives its own key alerts, never the shared pool\'s', async () => {
  const impostor = subscribe(stack.gateway.url, await stack.token('platform', ['admin']), ALERTS);
  const operator = subscribe(stack.gateway.url, await stack.token('ops', ['platform', 'admin']), ALERTS);
  subscribers.push(impostor, operator);
  await until(() => stack.subgraphs.keys.activeSubscriptions() === 2, 'both subscribed at keys');

  const shared = await stack.keyring.addKey({ tenantId: null, provider: 'SWEETTRACKER', label: 'pool', dailyQuota: 5, credentials: DEMO_CREDENTIALS.sweettracker });
  for (let i = 0; i < 5; i++) await stack.keyring.call({ tenantId: 'someone', provider: 'SWEETTRACKER', operation: 'test' }, async () => 'ok');
  await until(() => operator.events.length >= 2, 'the platform operator hears the shared key pass 80% and 100%');
  expect(operator.events.map((e) => e.data!.apiKeyAlerts)).toEqual([{ keyId: shared.id, kind: 'QUOTA_80' }, { keyId: shared.id, kind: 'QUOTA_100' }]);

  // Published after the shared pool's, on the same connection: once these arrive, the others would have too.
  const own = await stack.keyring.addKey({ tenantId: 'platform', provider: 'SWEETTRACKER', label: 'own', dailyQuota: 5, credentials: DEMO_CREDENTIALS.sweettracker });
  for (let i = 0; i < 5; i++) await stack.keyring.call({ tenantId: 'platform', provider: 'SWEETTRACKER', operation: 'test' }, async () => 'ok');
  await until(() => impostor.events.some((e) => e.data?.apiKeyAlerts.kind === 'QUOTA_100'), 'the tenant hears its own key');
  expect(impostor.events.map((e) => e.data!.apiKeyAlerts)).toEqual([{ keyId: own.id, kind: 'QUOTA_80' }, { keyId: own.id, kind: 'QUOTA_100' }]);
});

test('a tenant called "partner:acme" spends its own request bucket, not partner acme\'s', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'operations', '__generated__', 'partner', 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  const id = Object.keys(manifest).find((key) => manifest[key].includes('query PartnerOrders('))!;
  const post = async (token: string, body: Record<string, unknown>) => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> }) };
  };
  const impostor = await stack.token('partner:acme', ['viewer']);
  const statuses: number[] = [];
  for (let i = 0; i < TIGHT.burst + 1; i++) statuses.push((await post(impostor, { query: '{ orders(first: 1) { totalCount } }' })).status);
  expect(statuses).toEqual([200, 200, 200, 429]);

  const partner = await stack.token('names-partner-home', ['partner', 'viewer'], 'acme');
  const served = await post(partner, { documentId: id, variables: { first: 1 } });
  expect(served.errors).toBeUndefined();
  expect(served.status).toBe(200);
});
