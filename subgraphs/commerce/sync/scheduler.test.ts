// The sync scheduler and the sync lock against real PostgreSQL (and embedded PGlite for the lock), with fake
// marketplace adapters that record who ran, how many ran at once, and wait on gates the test opens.
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MemoryEventBus } from '../../../platform/events';
import { Keyring } from '../../../keyring/keyring';
import { openDatabase, startEmbeddedDatabase, type DatabaseServer } from '../../../platform/db';
import { Marketplace } from '../../../platform/graphql/enums';
import { createLogger } from '../../../platform/logger';
import { ProviderError } from '../../../providers/errors';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo';
import { DEMO_NAVER_CREDENTIALS } from '../../../sandbox/naver/demo';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import type { MarketplaceAdapter, MarketplaceDeps } from '../marketplaces';
import type { SyncResult } from '../schema/types';
import { createSyncLock, syncLockFor } from './lock';
import { createSyncScheduler, type SyncSchedulerOptions } from './scheduler';

let database: TestDatabase;
let keyring: Keyring;
let replica: Keyring;
const masterKey = randomBytes(32);
const BASE_URLS = { cafe24: 'http://unused', naver: 'http://unused', coupang: 'http://unused', elevenst: 'http://unused' };
const deps = (kr: Keyring): MarketplaceDeps => ({ db: kr.db, events: new MemoryEventBus(), keyring: kr, baseUrls: BASE_URLS, cafe24RedirectUri: 'http://unused/cb' });
const silent = createLogger('test', 'silent');

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Fake adapters sharing one record: which (tenant, marketplace) ran, and the most that ran at once per pair. */
function recorder() {
  const ran: string[] = [];
  const inFlight = new Map<string, number>();
  let maxAtOnce = 0;
  const adapter = (marketplace: Marketplace, body: (tenantId: string) => Promise<void> = async () => undefined): MarketplaceAdapter => ({
    marketplace,
    async sync(_deps, tenantId): Promise<SyncResult> {
      const pair = `${tenantId}/${marketplace}`;
      inFlight.set(pair, (inFlight.get(pair) ?? 0) + 1);
      maxAtOnce = Math.max(maxAtOnce, inFlight.get(pair)!);
      try {
        await body(tenantId);
        ran.push(pair);
        return { marketplace, fetched: 1, created: 1, updated: 0 };
      } finally {
        inFlight.set(pair, inFlight.get(pair)! - 1);
      }
    },
  });
  return { ran, adapter, maxAtOnce: () => maxAtOnce };
}

const scheduler = (options: Partial<SyncSchedulerOptions> & Pick<SyncSchedulerOptions, 'adapters'>) =>
  createSyncScheduler({ deps: deps(keyring), intervalMs: 0, logger: silent, ...options });

beforeAll(async () => {
  database = await createTestDatabase();
  keyring = await Keyring.open({ databaseUrl: database.url, masterKey });
  replica = await Keyring.open({ databaseUrl: database.url, masterKey });
  await keyring.addKey({ tenantId: 'shop-a', provider: 'CAFE24', label: 'a mall', credentials: DEMO_CREDENTIALS.cafe24 });
  await keyring.addKey({ tenantId: 'shop-b', provider: 'CAFE24', label: 'b mall', credentials: DEMO_CREDENTIALS.cafe24 });
  await keyring.addKey({ tenantId: 'shop-b', provider: 'NAVER', label: 'b store', credentials: DEMO_NAVER_CREDENTIALS });
  await keyring.addKey({ tenantId: 'shop-b', provider: 'TOSS', label: 'b pg', credentials: DEMO_CREDENTIALS.toss });
  // The shared pool defines no tenant; a disabled key syncs nothing.
  await keyring.addKey({ tenantId: null, provider: 'NAVER', label: 'pool', credentials: DEMO_NAVER_CREDENTIALS });
  const off = await keyring.addKey({ tenantId: 'shop-c', provider: 'CAFE24', label: 'c mall', credentials: DEMO_CREDENTIALS.cafe24 });
  await keyring.disable(off.id, 'test');
});

afterAll(async () => {
  await keyring?.close();
  await replica?.close();
  await database?.drop();
});

describe('a pass', () => {
  test("syncs every tenant's marketplace that has an active key of the tenant's own, one at a time", async () => {
    const record = recorder();
    const pass = await scheduler({ adapters: { CAFE24: record.adapter(Marketplace.CAFE24), NAVER: record.adapter(Marketplace.NAVER) } }).tick();
    expect(record.ran.sort()).toEqual(['shop-a/CAFE24', 'shop-b/CAFE24', 'shop-b/NAVER']);
    expect(pass.outcomes.map((o) => o.status)).toEqual(['synced', 'synced', 'synced']);
  });

  test('a marketplace without an adapter is not asked for', async () => {
    const record = recorder();
    await scheduler({ adapters: { NAVER: record.adapter(Marketplace.NAVER) } }).tick();
    expect(record.ran).toEqual(['shop-b/NAVER']);
  });

  test('a failing sync is logged without its secret, the others still run, and the next pass retries it', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
    const record = recorder();
    let failures = 1;
    const failing = record.adapter(Marketplace.CAFE24, async (tenantId) => {
      if (tenantId === 'shop-a' && failures-- > 0) {
        throw new ProviderError({ provider: 'cafe24', kind: 'server', status: 500, message: 'Cafe24 listOrders answered 500' });
      }
    });
    const s = scheduler({ logger, adapters: { CAFE24: failing } });
    const first = await s.tick();
    expect(first.outcomes).toContainEqual(expect.objectContaining({ tenantId: 'shop-a', marketplace: 'CAFE24', status: 'failed', code: 'PROVIDER_UNAVAILABLE' }));
    expect(record.ran).toEqual(['shop-b/CAFE24']);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40, tenantId: 'shop-a', marketplace: 'CAFE24', code: 'PROVIDER_UNAVAILABLE' });
    expect(lines[0]).not.toContain(DEMO_CREDENTIALS.cafe24.clientSecret);
    const second = await s.tick();
    expect(second.outcomes.map((o) => o.status)).toEqual(['synced', 'synced']);
  });
});

describe('timing', () => {
  test('the timer runs passes one after another, never two at once, and tick() joins the running pass', async () => {
    const record = recorder();
    const s = scheduler({ intervalMs: 1, adapters: { NAVER: record.adapter(Marketplace.NAVER) } });
    s.start();
    const [a, b] = [await s.nextPass(), await s.nextPass()];
    await s.stop();
    expect(b.startedAt.getTime()).toBeGreaterThanOrEqual(a.startedAt.getTime());
    expect(record.maxAtOnce()).toBe(1);
    const held = gate();
    const slow = scheduler({ adapters: { NAVER: record.adapter(Marketplace.NAVER, () => held.opened) } });
    const first = slow.tick();
    expect(slow.tick()).toBe(first);
    held.open();
    await first;
  });

  test('stop() waits for the running sync and starts no other', async () => {
    const entered = gate();
    const held = gate();
    const record = recorder();
    const s = scheduler({
      adapters: { CAFE24: record.adapter(Marketplace.CAFE24, async () => { entered.open(); await held.opened; }) },
    });
    const pass = s.tick();
    await entered.opened;
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect((await pass).outcomes).toHaveLength(1);
    expect(record.ran).toEqual(['shop-a/CAFE24']);
  });

  test('intervalMs 0 starts no timer, and a stopped scheduler runs nothing', async () => {
    const record = recorder();
    const s = scheduler({ intervalMs: 0, adapters: { NAVER: record.adapter(Marketplace.NAVER) } });
    s.start();
    await s.stop();
    expect((await s.tick()).outcomes).toEqual([]);
    expect(record.ran).toEqual([]);
  });
});

describe('the sync lock', () => {
  test('two replicas (separate pools) never run one pair at once: the second one skips it as busy', async () => {
    const entered = gate();
    const held = gate();
    const record = recorder();
    const blocking = record.adapter(Marketplace.NAVER, async () => { entered.open(); await held.opened; });
    const one = scheduler({ adapters: { NAVER: blocking } });
    const two = createSyncScheduler({ deps: deps(replica), intervalMs: 0, logger: silent, adapters: { NAVER: blocking } });
    const first = one.tick();
    await entered.opened;
    expect((await two.tick()).outcomes).toEqual([{ tenantId: 'shop-b', marketplace: 'NAVER', status: 'busy' }]);
    held.open();
    expect((await first).outcomes).toEqual([expect.objectContaining({ status: 'synced' })]);
    expect(record.maxAtOnce()).toBe(1);
    expect((await two.tick()).outcomes).toEqual([expect.objectContaining({ status: 'synced' })]);
  });

  test('run() waits for a sync holding the pair, here or on another replica, then runs its own', async () => {
    const record = recorder();
    const held = gate();
    const entered = gate();
    const order: string[] = [];
    const slow = record.adapter(Marketplace.CAFE24, async () => { entered.open(); await held.opened; order.push('holder'); });
    const quick = record.adapter(Marketplace.CAFE24, async () => void order.push('waiter'));
    const holding = syncLockFor(keyring.db).run('shop-w', 'CAFE24', () => slow.sync(deps(keyring), 'shop-w'));
    await entered.opened;
    const sameProcess = syncLockFor(keyring.db).run('shop-w', 'CAFE24', () => quick.sync(deps(keyring), 'shop-w'));
    const otherReplica = syncLockFor(replica.db).run('shop-w', 'CAFE24', () => quick.sync(deps(replica), 'shop-w'));
    // Another pair is not held up.
    await syncLockFor(keyring.db).run('shop-w', 'NAVER', async () => order.push('other pair'));
    held.open();
    await Promise.all([holding, sameProcess, otherReplica]);
    expect(order).toEqual(['other pair', 'holder', 'waiter', 'waiter']);
    expect(record.maxAtOnce()).toBe(1);
  });

  test('run() gives up after waitMs with RATE_LIMITED when another replica keeps the pair', async () => {
    const held = gate();
    const entered = gate();
    const holding = syncLockFor(keyring.db).run('shop-x', 'NAVER', async () => { entered.open(); await held.opened; });
    await entered.opened;
    const impatient = createSyncLock(replica.db, { waitMs: 100 });
    await expect(impatient.run('shop-x', 'NAVER', async () => 'ran')).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED', retryAfter: 5 },
    });
    held.open();
    await holding;
    await expect(impatient.run('shop-x', 'NAVER', async () => 'ran')).resolves.toBe('ran');
  });

  test('a failed sync releases the lock', async () => {
    const lock = syncLockFor(keyring.db);
    await expect(lock.run('shop-y', 'NAVER', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(createSyncLock(replica.db).tryRun('shop-y', 'NAVER', async () => 'ran')).resolves.toEqual({ ran: true, value: 'ran' });
  });

  describe('on embedded PGlite (one session for every connection, where advisory locks do not exclude)', () => {
    let embedded: DatabaseServer;
    let db: DataSource;

    beforeAll(async () => {
      embedded = await startEmbeddedDatabase(null);
      db = await openDatabase({ url: embedded.url, name: 'lock_test', entities: [], migrations: [] });
    });

    afterAll(async () => {
      await db?.destroy();
      await embedded?.close();
    });

    test('the in-process mutex keeps one sync per pair, and a sync writing on other connections does not deadlock', async () => {
      const record = recorder();
      await db.query('CREATE TABLE writes (n int)');
      const adapter = record.adapter(Marketplace.CAFE24, async () => {
        await db.query('INSERT INTO writes VALUES (1)');
      });
      const lock = syncLockFor(db);
      const runs = Array.from({ length: 5 }, () => lock.run('t', 'CAFE24', () => adapter.sync(deps(keyring), 't')));
      const tried = await lock.tryRun('t', 'CAFE24', async () => 'ran');
      await Promise.all(runs);
      expect(tried).toEqual({ ran: false });
      expect(record.maxAtOnce()).toBe(1);
      expect(await db.query('SELECT count(*)::int AS n FROM writes')).toEqual([{ n: 5 }]);
    });
  });
});
