// The background sync scheduler and the sync lock through the whole stack: real PostgreSQL, the sandbox's
// Cafe24 and Naver, the syncOrders mutation through the gateway, and a second commerce replica's connection pool.
import type { DataSource } from 'typeorm';
import { MemoryEventBus } from '../platform/events';
import { Cafe24Client, MemoryCafe24TokenStore } from '../providers/cafe24';
import { connectInSandbox } from '../providers/test-support/cafe24';
import { connectDemoKey } from '../scripts/seed';
import { ConfigError, loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db';
import { Marketplace } from '../platform/graphql/enums';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { DEMO_NAVER_CREDENTIALS } from '../sandbox/naver/demo';
import { cafe24Adapter } from '../subgraphs/commerce/marketplaces/cafe24';
import type { MarketplaceAdapter, MarketplaceDeps } from '../subgraphs/commerce/marketplaces';
import type { RunningCommerce } from '../subgraphs/commerce/server';
import { kstDate } from '../subgraphs/commerce/sync/cafe24';
import { readSyncedUntil } from '../subgraphs/commerce/sync/store';
import { createSyncScheduler } from '../subgraphs/commerce/sync/scheduler';
import { startTestStack, operation, type TestStack } from './helpers/stack';

const DAY_MS = 86_400_000;
let stack: TestStack;
let commerce: RunningCommerce;

beforeAll(async () => {
  stack = await startTestStack({ env: { SYNC_INTERVAL_MS: '20' } });
  commerce = stack.subgraphs.commerce;
});

afterAll(async () => {
  await stack?.close();
});

const deps = (db: DataSource = stack.commerceDb): MarketplaceDeps => ({
  db, events: new MemoryEventBus(), keyring: stack.keyring, baseUrls: stack.config.providers.baseUrls, cafe24RedirectUri: stack.config.providers.cafe24RedirectUri,
});

/** Every order id the sandbox's Cafe24 mall holds, read with Cafe24's own API (after a reset: full buckets, no faults). */
async function sandboxCafe24Ids(): Promise<string[]> {
  await stack.sandboxControl('reset');
  const client = new Cafe24Client({
    baseUrl: `${stack.sandbox!.url}/cafe24/{mall_id}`, ...DEMO_CREDENTIALS.cafe24, redirectUri: 'https://opsgraph.test/oauth/cafe24/callback', tokens: new MemoryCafe24TokenStore(),
  });
  await connectInSandbox(client, DEMO_CREDENTIALS.cafe24.mallId);
  const ids: string[] = [];
  const now = Date.now();
  for await (const order of client.listAllOrders({ startDate: kstDate(new Date(now - 89 * DAY_MS)), endDate: kstDate(new Date(now)), pageSize: 1000 })) {
    ids.push(order.order_id);
  }
  return ids.sort();
}

/** The tenant's stored Cafe24 order ids, one entry per row: a duplicate would show twice. */
async function storedCafe24Ids(tenantId: string): Promise<string[]> {
  const rows: Array<{ external_id: string }> = await stack.commerceDb.query(
    `SELECT external_id FROM orders WHERE tenant_id = $1 AND marketplace = 'CAFE24' ORDER BY external_id`, [tenantId],
  );
  return rows.map((row) => row.external_id);
}

async function addCafe24Key(tenantId: string) {
  await connectDemoKey(stack, tenantId, `${tenantId} mall`, 'CAFE24', { ...DEMO_CREDENTIALS.cafe24 });
}

async function syncCafe24(tenantId: string) {
  return stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, await stack.token(tenantId));
}

describe('SYNC_INTERVAL_MS', () => {
  test('defaults to five minutes, and 0 turns the scheduler off', () => {
    expect(loadConfig({}).sync.intervalMs).toBe(300_000);
    expect(loadConfig({ SYNC_INTERVAL_MS: '0' }).sync.intervalMs).toBe(0);
  });

  test.each(['-1', '1.5', 'soon', '99999999999'])('refuses %p with the rule and the value', (value) => {
    expect(() => loadConfig({ SYNC_INTERVAL_MS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ SYNC_INTERVAL_MS: value })).toThrow(
      `SYNC_INTERVAL_MS must be a whole number of milliseconds from 0 (scheduler off) to 2147483647, but got "${value}"`,
    );
  });
});

describe('the scheduler the stack starts', () => {
  test("syncs every tenant's marketplaces that have a key of the tenant's own, then stops with the stack", async () => {
    await addCafe24Key('sched-a');
    await addCafe24Key('sched-b');
    await stack.keyring.addKey({ tenantId: 'sched-b', provider: 'NAVER', label: 'b store', credentials: DEMO_NAVER_CREDENTIALS });
    await stack.keyring.addKey({ tenantId: null, provider: 'NAVER', label: 'pool', credentials: DEMO_NAVER_CREDENTIALS });
    const wanted = ['sched-a/CAFE24', 'sched-b/CAFE24', 'sched-b/NAVER'];
    const synced = new Set<string>();
    for (let pass = 0; pass < 20 && wanted.some((pair) => !synced.has(pair)); pass++) {
      for (const outcome of (await commerce.scheduler.nextPass()).outcomes) {
        if (outcome.status === 'synced') synced.add(`${outcome.tenantId}/${outcome.marketplace}`);
      }
    }
    expect([...synced].sort()).toEqual(wanted);
    await commerce.scheduler.stop();
    const marks: Array<{ tenant_id: string; marketplace: string }> = await stack.commerceDb.query(
      'SELECT tenant_id, marketplace FROM order_sync_state ORDER BY tenant_id, marketplace',
    );
    expect(marks.map((mark) => `${mark.tenant_id}/${mark.marketplace}`)).toEqual(wanted);
    expect(await storedCafe24Ids('sched-a')).toEqual(await sandboxCafe24Ids());
  });
});

describe('one sync per tenant and marketplace', () => {
  test('two syncOrders at once run one after the other and store every order once', async () => {
    await addCafe24Key('sched-m');
    // Slow Cafe24 answers: unserialised, both syncs would read the same page at once and split the creations.
    await stack.sandboxControl('faults', { provider: 'cafe24', kind: 'latency', latencyMs: 100 });
    const [one, two] = await Promise.all([syncCafe24('sched-m'), syncCafe24('sched-m')]);
    await stack.sandboxControl('faults', { provider: 'cafe24', kind: 'latency', rate: 0 });
    expect(one.errors).toBeUndefined();
    expect(two.errors).toBeUndefined();
    const expected = await sandboxCafe24Ids();
    // The second waited for the first, then synced from the mark it left: nothing was new by then.
    const created = [one.data!.syncOrders.created, two.data!.syncOrders.created].sort((a, b) => a - b);
    expect(created).toEqual([0, expected.length]);
    expect(await storedCafe24Ids('sched-m')).toEqual(expected);
  });

  test('two replicas (separate connection pools) never run the same sync at once; the second skips it as busy', async () => {
    await addCafe24Key('sched-r');
    await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 20 });
    const replicaDb = await openDatabase({ url: stack.database.url, name: 'commerce', entities: [], migrations: [] });
    try {
      let inFlight = 0;
      let maxInFlight = 0;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const holding = new Promise<void>((resolve) => (entered = resolve));
      const watched: MarketplaceAdapter = {
        marketplace: Marketplace.CAFE24,
        async sync(d, tenantId) {
          if (tenantId !== 'sched-r') return cafe24Adapter.sync(d, tenantId);
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            entered();
            await released;
            return await cafe24Adapter.sync(d, tenantId);
          } finally {
            inFlight -= 1;
          }
        },
      };
      const replica = (db: DataSource) => createSyncScheduler({ deps: deps(db), intervalMs: 0, logger: stack.logger, adapters: { CAFE24: watched } });
      const [first, second] = [replica(stack.commerceDb), replica(replicaDb)];
      const firstPass = first.tick();
      await holding;
      const secondPass = await second.tick();
      expect(secondPass.outcomes.find((o) => o.tenantId === 'sched-r')).toEqual({ tenantId: 'sched-r', marketplace: 'CAFE24', status: 'busy' });
      release();
      const done = (await firstPass).outcomes.find((o) => o.tenantId === 'sched-r');
      expect(done).toMatchObject({ status: 'synced' });
      expect(maxInFlight).toBe(1);
      const again = (await second.tick()).outcomes.find((o) => o.tenantId === 'sched-r');
      expect(again).toMatchObject({ status: 'synced', result: { created: 0 } });
      expect(await storedCafe24Ids('sched-r')).toEqual(await sandboxCafe24Ids());
    } finally {
      await replicaDb.destroy();
    }
  });
});

describe('a sync that fails part-way', () => {
  test('leaves the sync mark where it was, and the next sync stores every order exactly once', async () => {
    await addCafe24Key('sched-f');
    expect((await syncCafe24('sched-f')).errors).toBeUndefined();
    const mark = await readSyncedUntil(stack.commerceDb, 'sched-f', 'CAFE24');
    expect(mark).not.toBeNull();
    await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 150 });
    await stack.sandboxControl('reset'); // full Cafe24 buckets, counters from zero
    // Every second Cafe24 call fails, once: the first page is stored, the second page's call answers 500.
    await stack.sandboxControl('faults', { provider: 'cafe24', kind: 'server_error', rate: 0.5, count: 1 });
    const failed = await syncCafe24('sched-f');
    expect(failed.errors?.[0].extensions?.code).toBe('PROVIDER_UNAVAILABLE');
    expect((await stack.sandboxCalls()).cafe24.byEndpoint['GET /api/v2/admin/orders']).toBe(2);
    expect(await readSyncedUntil(stack.commerceDb, 'sched-f', 'CAFE24')).toEqual(mark);
    const partial = await storedCafe24Ids('sched-f');
    const retried = await syncCafe24('sched-f');
    expect(retried.errors).toBeUndefined();
    const expected = await sandboxCafe24Ids();
    expect(await storedCafe24Ids('sched-f')).toEqual(expected);
    expect(retried.data!.syncOrders.created).toBe(expected.length - partial.length);
    expect((await readSyncedUntil(stack.commerceDb, 'sched-f', 'CAFE24'))!.getTime()).toBeGreaterThan(mark!.getTime());
  });
});
