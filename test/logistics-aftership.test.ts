// International parcels through AfterShip and AfterShip webhooks, end to end: the gateway over HTTP, the
// logistics subgraph's own tables on real PostgreSQL, the shared tracking cache in Redis, the provider sandbox.
import { Client } from 'pg';
import { seedDemoKeys } from '../scripts/seed';
import { AfterShipClient, type AfterShipTracking } from '../providers/aftership';
import { buildWebhook, DEMO_AFTERSHIP_CREDENTIALS, type StoredTracking } from '../sandbox/aftership';
import { addCheckpoint } from '../sandbox/aftership/statuses';
import type { Tag } from '../sandbox/aftership/store';
import { openEventBus, topics, type EventBus, type OpsEvent } from '../platform/events';
import { PROVIDER_REGISTRY } from '../providers/registry';
import type { RoutedProvider } from '../gateway/provider-routes';
import { startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'tenant-ship';
const TRACK = `
  query Track($carrier: Carrier!, $trackingNumber: String!) {
    trackShipment(carrier: $carrier, trackingNumber: $trackingNumber) {
      carrier trackingNumber status lastEvent { at location description } events { at location description }
    }
  }`;

let stack: TestStack;
let viewer: string;
let db: Client;
let dhl: StoredTracking;
let bus: EventBus;
/** parcel.updated events logistics published (commerce turns them into order events). */
const parcelEvents: OpsEvent[] = [];
const parcelEventsFor = (trackingNumber: string) => parcelEvents.filter((e) => e.type === 'parcel.updated' && e.trackingNumber === trackingNumber);

/** The sandbox's stored form of a tracking AfterShip returned, to move it on and sign its webhook as AfterShip would. */
function stored(t: AfterShipTracking): StoredTracking {
  return {
    id: t.id, legacyId: t.legacy_id, trackingNumber: t.tracking_number, slug: t.slug, orderId: t.order_id ?? null,
    title: t.title ?? t.tracking_number, origin: t.origin_country_region ?? 'DEU', destination: t.destination_country_region ?? 'KOR',
    active: t.active, tag: t.tag, subtag: t.subtag, subtagMessage: t.subtag_message,
    createdAt: Date.parse(t.created_at), updatedAt: Date.parse(t.updated_at),
    checkpoints: t.checkpoints.map((c) => ({
      time: Date.parse(c.checkpoint_time), message: c.message, location: c.location ?? '', countryRegion: String(c.country_region ?? ''),
      tag: c.tag, subtag: c.subtag, subtagMessage: c.subtag_message ?? '',
    })),
  };
}

/** `t` one step on, as AfterShip would report it `afterMs` after its last update. */
function next(t: StoredTracking, tag: Tag, afterMs = 60_000): StoredTracking {
  const moved = structuredClone(t);
  addCheckpoint(moved, tag, t.updatedAt + afterMs);
  return moved;
}

async function post(body: string, headers: Record<string, string>, tenant = TENANT): Promise<{ status: number; body: any }> {
  const url = stack.subgraphs.logistics.url.replace(/\/graphql$/, `/webhooks/aftership?tenant=${encodeURIComponent(tenant)}`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() };
}

async function track(carrier: string, trackingNumber: string) {
  const result = await stack.request(TRACK, { carrier, trackingNumber }, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!.trackShipment;
}

async function row(trackingNumber: string) {
  const { rows } = await db.query('SELECT * FROM aftership_trackings WHERE tenant_id = $1 AND tracking_number = $2', [TENANT, trackingNumber]);
  return rows[0];
}

const eventCount = async (eventId: string) =>
  Number((await db.query('SELECT count(*) FROM aftership_webhook_events WHERE event_id = $1', [eventId])).rows[0].count);

const afterShipCalls = async () => (await stack.sandboxCalls()).aftership?.total ?? 0;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  // The key's credentials carry the account's webhook secret, which checks the webhooks' signatures.
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'AFTERSHIP', label: 'sandbox aftership', credentials: DEMO_AFTERSHIP_CREDENTIALS });
  viewer = await stack.token(TENANT, ['viewer']);
  bus = await openEventBus(stack.config.pubsub, stack.config.redisKeyPrefix);
  await bus.subscribe(topics.parcels(), (event) => parcelEvents.push(event));
  db = new Client({ connectionString: stack.database.url });
  await db.connect();
  const aftership = new AfterShipClient({ baseUrl: `${stack.sandbox!.url}/aftership`, apiKey: DEMO_AFTERSHIP_CREDENTIALS.apiKey });
  const listed = await aftership.listTrackings({ slug: 'dhl', tag: 'InTransit' });
  dhl = stored(listed.trackings[0]);
  await stack.sandboxControl('reset');
});

afterAll(async () => {
  await bus?.close();
  await db?.end();
  await stack?.close();
});

describe('tracking', () => {
  test('tracks an international DHL parcel through AfterShip, not Sweet Tracker, and caches it', async () => {
    const shipment = await track('DHL', dhl.trackingNumber);
    expect(shipment).toMatchObject({ carrier: 'DHL', trackingNumber: dhl.trackingNumber, status: 'IN_TRANSIT' });
    expect(shipment.events).toHaveLength(dhl.checkpoints.length);
    expect(shipment.lastEvent).toEqual({
      at: new Date(dhl.checkpoints.at(-1)!.time).toISOString(), location: dhl.checkpoints.at(-1)!.location, description: dhl.checkpoints.at(-1)!.message,
    });
    const calls = await stack.sandboxCalls();
    expect(calls.aftership.total).toBeGreaterThan(0);
    expect(calls.sweettracker?.total ?? 0).toBe(0);
    expect(await row(dhl.trackingNumber)).toMatchObject({ slug: 'dhl', aftership_id: dhl.id, tag: 'InTransit' });

    const before = calls.aftership.total;
    expect((await track('DHL', dhl.trackingNumber)).status).toBe('IN_TRANSIT');
    expect(await afterShipCalls()).toBe(before);
  });

  test('starts tracking at AfterShip a parcel AfterShip does not know yet', async () => {
    const number = '1Z9999999999999991';
    const shipment = await track('UPS', number);
    expect(shipment).toMatchObject({ carrier: 'UPS', status: 'INFO_RECEIVED', events: [], lastEvent: null });
    const byEndpoint = (await stack.sandboxCalls()).aftership.byEndpoint;
    expect(Object.entries(byEndpoint).filter(([endpoint]) => endpoint.startsWith('POST ')).map(([, n]) => n)).toEqual([1]);
    expect(await row(number)).toMatchObject({ slug: 'ups', tag: 'Pending' });
  });

  test('tracks a domestic CJ parcel through Sweet Tracker, not AfterShip', async () => {
    const aftershipBefore = await afterShipCalls();
    const shipment = await track('CJ', '987654321098');
    expect(shipment.carrier).toBe('CJ');
    const calls = await stack.sandboxCalls();
    expect(calls.sweettracker.total).toBe(1);
    expect(calls.aftership.total).toBe(aftershipBefore);
  });
});

describe('POST /webhooks/aftership', () => {
  test('a signed update changes the shipment, and the next query answers without calling AfterShip', async () => {
    await track('DHL', dhl.trackingNumber);
    const callsBefore = await afterShipCalls();
    dhl = next(dhl, 'OutForDelivery');
    const { body, headers } = buildWebhook(dhl, DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
    expect(await post(body, headers)).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });

    const shipment = await track('DHL', dhl.trackingNumber);
    expect(shipment.status).toBe('OUT_FOR_DELIVERY');
    expect(shipment.lastEvent.description).toBe(dhl.checkpoints.at(-1)!.message);
    expect(await afterShipCalls()).toBe(callsBefore);
    expect(await row(dhl.trackingNumber)).toMatchObject({ tag: 'OutForDelivery', last_event_id: JSON.parse(body).event_id });
  });

  test('a bad or missing signature gets 401 and changes nothing', async () => {
    const before = await row(dhl.trackingNumber);
    const delivered = next(dhl, 'Delivered');
    const signed = buildWebhook(delivered, DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
    const forged = buildWebhook(delivered, 'not-the-secret');
    const { 'aftership-hmac-sha256': _signature, ...unsigned } = signed.headers;
    expect((await post(forged.body, forged.headers)).status).toBe(401);
    expect((await post(signed.body, unsigned)).status).toBe(401);
    // Right body and signature, wrong tenant: that tenant has no AfterShip key whose secret signed it.
    expect((await post(signed.body, signed.headers, 'tenant-without-aftership')).status).toBe(401);
    expect((await post(signed.body, signed.headers, '')).status).toBe(401);

    expect(await eventCount(JSON.parse(signed.body).event_id)).toBe(0);
    expect(await row(dhl.trackingNumber)).toEqual(before);
    expect(parcelEventsFor(dhl.trackingNumber).filter((e) => (e as { status: string }).status === 'DELIVERED')).toEqual([]);
    expect((await track('DHL', dhl.trackingNumber)).status).toBe('OUT_FOR_DELIVERY');
  });

  test('a signed body that is not a webhook gets 400 naming the field', async () => {
    const { createHmac } = await import('node:crypto');
    const sign = (body: string) => ({ 'aftership-hmac-sha256': createHmac('sha256', DEMO_AFTERSHIP_CREDENTIALS.webhookSecret).update(body).digest('base64') });
    const notJson = 'not json';
    expect(await post(notJson, sign(notJson))).toMatchObject({ status: 400, body: { field: 'body' } });
    const wrongEvent = JSON.stringify({ event: 'order_update', event_id: 'e-1', ts: 1, msg: {} });
    expect(await post(wrongEvent, sign(wrongEvent))).toMatchObject({ status: 400, body: { field: 'event' } });
    expect(await eventCount('e-1')).toBe(0);
  });

  test('the same event delivered twice is applied once', async () => {
    const outForDelivery = dhl;
    dhl = next(dhl, 'Delivered');
    const { body, headers } = buildWebhook(dhl, DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
    const eventId = JSON.parse(body).event_id;
    expect((await post(body, headers)).body.outcome).toBe('applied');
    const applied = await row(dhl.trackingNumber);
    expect(applied.tag).toBe('Delivered');

    expect(await post(body, headers)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await eventCount(eventId)).toBe(1);
    // One parcel.updated for the applied event, none for the duplicate.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(parcelEventsFor(dhl.trackingNumber).filter((e) => (e as { status: string }).status === 'DELIVERED')).toEqual([
      expect.objectContaining({ tenantId: TENANT, carrier: 'DHL', trackingNumber: dhl.trackingNumber, status: 'DELIVERED' }),
    ]);
    expect(await row(dhl.trackingNumber)).toEqual(applied);
    expect((await track('DHL', dhl.trackingNumber)).status).toBe('DELIVERED');

    // An older update arriving late (AfterShip retries out of order) is recorded but does not undo the newer one.
    const late = buildWebhook(next(outForDelivery, 'Exception', 30_000), DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
    expect((await post(late.body, late.headers)).body.outcome).toBe('stale');
    expect((await row(dhl.trackingNumber)).tag).toBe('Delivered');
    expect((await track('DHL', dhl.trackingNumber)).status).toBe('DELIVERED');
  });
});

describe("POST /webhooks/aftership on the gateway's public port", () => {
  const gatewayPost = async (body: string, headers: Record<string, string>, tenant = TENANT) => {
    const url = stack.gateway.url.replace(/\/graphql$/, `/webhooks/aftership?tenant=${encodeURIComponent(tenant)}`);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: await response.json() };
  };
  let parcel: StoredTracking;
  let carrier: string;

  beforeAll(async () => {
    const aftership = new AfterShipClient({ baseUrl: `${stack.sandbox!.url}/aftership`, apiKey: DEMO_AFTERSHIP_CREDENTIALS.apiKey });
    // The demo account's UPS parcel, out for delivery: one no other test here moves.
    parcel = stored((await aftership.listTrackings({ slug: 'ups', tag: 'OutForDelivery' })).trackings[0]);
    carrier = 'UPS';
    await track(carrier, parcel.trackingNumber);
  });

  test('a signed update is relayed to logistics, checked and applied', async () => {
    parcel = next(parcel, 'Delivered');
    const { body, headers } = buildWebhook(parcel, DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
    expect(await gatewayPost(body, headers)).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
    expect(await eventCount(JSON.parse(body).event_id)).toBe(1);
    expect(await row(parcel.trackingNumber)).toMatchObject({ tag: 'Delivered', last_event_id: JSON.parse(body).event_id });
    expect((await track(carrier, parcel.trackingNumber)).status).toBe('DELIVERED');
  });

  test('an unsigned or badly signed body, or another tenant, is refused with 401 and changes nothing', async () => {
    const before = await row(parcel.trackingNumber);
    const later = next(parcel, 'Exception');
    const signed = buildWebhook(later, DEMO_AFTERSHIP_CREDENTIALS.webhookSecret);
    const forged = buildWebhook(later, 'not-the-secret');
    const { 'aftership-hmac-sha256': _signature, ...unsigned } = signed.headers;
    expect((await gatewayPost(forged.body, forged.headers)).status).toBe(401);
    expect((await gatewayPost(signed.body, unsigned)).status).toBe(401);
    expect((await gatewayPost(signed.body, signed.headers, 'tenant-without-aftership')).status).toBe(401);
    // The signature covers the exact bytes: a body changed on the way (re-serialised, say) no longer matches.
    expect((await gatewayPost(`${signed.body} `, signed.headers)).status).toBe(401);
    expect(await eventCount(JSON.parse(signed.body).event_id)).toBe(0);
    expect(await row(parcel.trackingNumber)).toEqual(before);
    expect((await track(carrier, parcel.trackingNumber)).status).toBe('DELIVERED');
  });

  test('only POST is relayed', async () => {
    const url = stack.gateway.url.replace(/\/graphql$/, `/webhooks/aftership?tenant=${TENANT}`);
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  test("a provider the registry has no webhook for gets 404 on the gateway's port", async () => {
    for (const name of ['x', 'naver', 'cafe24']) {
      const url = stack.gateway.url.replace(/\/graphql$/, `/webhooks/${name}?tenant=${TENANT}`);
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
    }
  });

  test("every webhook and OAuth callback route of the registry reaches a subgraph that serves it", async () => {
    const base = stack.gateway.url.replace(/\/graphql$/, '');
    const routed = PROVIDER_REGISTRY as readonly RoutedProvider[];
    for (const descriptor of routed.filter((d) => d.webhook)) {
      // The receiver's own refusal of an unsigned body: not the router's 404, not the relay's 502.
      const response = await fetch(`${base}/webhooks/${descriptor.name.toLowerCase()}?tenant=${TENANT}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
      });
      expect([descriptor.name, response.status]).toEqual([descriptor.name, 401]);
    }
    for (const descriptor of routed.filter((d) => d.oauthCallback)) {
      // A state no one issued: the subgraph's refusal (400), shown on the gateway's page.
      const response = await fetch(`${base}/oauth/${descriptor.name.toLowerCase()}/callback?code=c&state=never-issued`);
      expect([descriptor.name, response.status]).toEqual([descriptor.name, 400]);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
  });
});
