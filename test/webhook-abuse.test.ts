// AfterShip webhooks under abuse: forged signatures cost no database query each (the tenant's secrets are
// cached briefly), a flood from one source gets 429, and one tenant's event id never suppresses another's.
import { randomUUID } from 'node:crypto';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { AfterShipClient } from '../providers/aftership';
import { buildWebhook, DEMO_AFTERSHIP_CREDENTIALS, type StoredTracking } from '../sandbox/aftership';
import { startTestStack, type TestStack } from './helpers/stack';

let stack: TestStack;
const BURST = 3000;

beforeAll(async () => {
  // A burst large enough that the forged-signature run below is never throttled, however fast the machine.
  stack = await startTestStack({ env: { WEBHOOK_RATE_PER_SECOND: '1', WEBHOOK_BURST: String(BURST) } });
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

async function post(tenant: string, body: string, headers: Record<string, string>): Promise<number> {
  const url = stack.subgraphs.logistics.url.replace(/\/graphql$/, `/webhooks/aftership?tenant=${encodeURIComponent(tenant)}`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await response.arrayBuffer();
  return response.status;
}

/** Counts every query the key store's connection runs (TypeORM calls its logger for each one). */
function countQueries(): { readonly count: number; stop(): void } {
  const db = stack.keyring.db as unknown as { logger: TypeOrmLogger };
  const original = db.logger;
  let count = 0;
  db.logger = { ...original, logQuery: () => void (count += 1), logQueryError: () => undefined, logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined, logMigration: () => undefined, log: () => undefined };
  return { get count() { return count; }, stop: () => void (db.logger = original) };
}

async function aTracking(): Promise<StoredTracking> {
  const aftership = new AfterShipClient({ baseUrl: `${stack.sandbox!.url}/aftership`, apiKey: DEMO_AFTERSHIP_CREDENTIALS.apiKey });
  const t = (await aftership.listTrackings({ slug: 'dhl', tag: 'InTransit' })).trackings[0];
  return {
    id: t.id, legacyId: t.legacy_id, trackingNumber: t.tracking_number, slug: t.slug, orderId: t.order_id ?? null,
    title: t.title ?? t.tracking_number, origin: 'DEU', destination: 'KOR', active: t.active, tag: t.tag, subtag: t.subtag,
    subtagMessage: t.subtag_message, createdAt: Date.parse(t.created_at), updatedAt: Date.parse(t.updated_at),
    checkpoints: t.checkpoints.map((c) => ({
      time: Date.parse(c.checkpoint_time), message: c.message, location: c.location ?? '', countryRegion: String(c.country_region ?? ''),
      tag: c.tag, subtag: c.subtag, subtagMessage: c.subtag_message ?? '',
    })),
  };
}

test("the same event id for two tenants is applied for each: one tenant's id never suppresses another's", async () => {
  const [a, b] = ['a', 'b'].map((n) => `hook-${n}-${randomUUID().slice(0, 8)}`);
  for (const tenant of [a, b]) {
    await stack.keyring.addKey({ tenantId: tenant, provider: 'AFTERSHIP', label: 'as', credentials: DEMO_AFTERSHIP_CREDENTIALS });
  }
  const { body, headers } = buildWebhook(await aTracking(), DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
  const url = (tenant: string) => stack.subgraphs.logistics.url.replace(/\/graphql$/, `/webhooks/aftership?tenant=${tenant}`);
  const send = async (tenant: string) => ((await (await fetch(url(tenant), { method: 'POST', headers, body })).json()) as { outcome: string }).outcome;
  expect(await send(a)).toBe('applied');
  expect(await send(b)).toBe('applied');
  expect(await send(b)).toBe('duplicate');
});

test('forged signatures cost no database query each: one secret lookup, however many arrive', async () => {
  const tenant = `hook-forged-${randomUUID().slice(0, 8)}`;
  await stack.keyring.addKey({ tenantId: tenant, provider: 'AFTERSHIP', label: 'as', credentials: DEMO_AFTERSHIP_CREDENTIALS });
  const { body, headers } = buildWebhook(await aTracking(), 'not-the-secret');
  const queries = countQueries();
  try {
    // Longer than the key list's own one-second cache, so a lookup per request (or per second) would show.
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < 1500 || sent < 20) {
      expect(await post(tenant, body, headers)).toBe(401);
      sent += 1;
    }
    expect(sent).toBeLessThan(BURST);
    expect(queries.count).toBe(1);
  } finally {
    queries.stop();
  }
});

test('a flood of webhook requests from one source gets 429', async () => {
  const tenant = `hook-flood-${randomUUID().slice(0, 8)}`;
  const { body, headers } = buildWebhook(await aTracking(), 'not-the-secret');
  const statuses: number[] = [];
  for (let round = 0; round < 2 * BURST / 100 && !statuses.includes(429); round++) {
    statuses.push(...(await Promise.all(Array.from({ length: 100 }, () => post(tenant, body, headers)))));
  }
  expect(statuses).toContain(429);
  expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
}, 180_000);
