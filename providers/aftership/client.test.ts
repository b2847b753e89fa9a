import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { advanceTracking, afterShipStore, buildWebhook, deliverWebhook, DEMO_AFTERSHIP_CREDENTIALS as DEMO } from '../../sandbox/aftership';
import { createSandboxState } from '../../sandbox/server';
import { ProviderError } from '../errors';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { AfterShipClient } from './client';
import { parseAfterShipWebhook, verifyAfterShipWebhook } from './webhook';

describe('AfterShipClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: AfterShipClient;
  const base = () => `${sandbox.url}/aftership`;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = new AfterShipClient({ baseUrl: base(), apiKey: DEMO.apiKey });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  it('creates a tracking with a flat body and gets it back by id', async () => {
    const created = await client.createTracking({ trackingNumber: 'EE123456789KR', slug: 'kr-post', orderId: 'OG-42', title: 'Hanbok' });
    expect(created).toMatchObject({ tracking_number: 'EE123456789KR', slug: 'kr-post', order_id: 'OG-42', title: 'Hanbok', tag: 'Pending' });
    await expect(client.getTracking(created.id)).resolves.toEqual(created);
    const calls = await sandbox.calls('aftership');
    expect(calls.byEndpoint).toMatchObject({ 'POST /tracking/{version}/trackings': 1, 'GET /tracking/{version}/trackings/{id}': 1 });
    expect(calls.byCredential).toEqual({ '0001': 2 });
  });

  it('maps a duplicate to bad_request 4003 and an unknown id to not_found 4004', async () => {
    await client.createTracking({ trackingNumber: '5566778899', slug: 'dhl' });
    await expect(client.createTracking({ trackingNumber: '5566778899', slug: 'dhl' })).rejects.toMatchObject({
      provider: 'aftership', kind: 'bad_request', status: 400, providerCode: '4003',
    });
    await expect(client.getTracking('ffffffffffffffffffffffffffffffff')).rejects.toMatchObject({ kind: 'not_found', providerCode: '4004' });
  });

  it('follows next_cursor from page to page', async () => {
    const first = await client.listTrackings({ limit: 2 });
    expect(first.trackings).toHaveLength(2);
    expect(first).toMatchObject({ hasNextPage: true, nextCursor: expect.any(String) });
    const second = await client.listTrackings({ limit: 2, cursor: first.nextCursor! });
    expect(second.trackings.map((t) => t.id)).not.toEqual(expect.arrayContaining(first.trackings.map((t) => t.id)));
    expect(second.total).toBe(first.total);
  });

  it('walks every page with allTrackings and honours the slug and updatedAtMin filters', async () => {
    const all = [];
    for await (const tracking of client.allTrackings({ limit: 3 })) all.push(tracking);
    const { total } = await client.listTrackings({ limit: 1 });
    expect(all).toHaveLength(total);
    expect(new Set(all.map((t) => t.id)).size).toBe(total);
    expect((await sandbox.calls('aftership')).byEndpoint['GET /tracking/{version}/trackings']).toBeGreaterThanOrEqual(3);
    const since = new Date(Date.now() - 2 * 86_400_000);
    const recentKorean = [];
    for await (const tracking of client.allTrackings({ slug: 'kr-post', updatedAtMin: since })) recentKorean.push(tracking);
    expect(recentKorean.length).toBeGreaterThan(0);
    for (const t of recentKorean) {
      expect(t.slug).toBe('kr-post');
      expect(Date.parse(t.updated_at)).toBeGreaterThanOrEqual(since.getTime() - 1000);
    }
  });

  it('calls the version it is given and gets not_found for one AfterShip never released', async () => {
    const v2026 = new AfterShipClient({ baseUrl: base(), apiKey: DEMO.apiKey, apiVersion: '2026-01' });
    await expect(v2026.listTrackings({ limit: 1 })).resolves.toMatchObject({ trackings: [expect.any(Object)] });
    const bogus = new AfterShipClient({ baseUrl: base(), apiKey: DEMO.apiKey, apiVersion: '2025-02' });
    await expect(bogus.listTrackings()).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    expect(() => new AfterShipClient({ baseUrl: base(), apiKey: DEMO.apiKey, apiVersion: 'v4' })).toThrow('apiVersion must look like "2025-07", but got "v4"');
  });

  it('is refused when the key comes in the legacy aftership-api-key header, which the client never sends', async () => {
    // By hand, without the client: proves the sandbox checks the header the client takes care of.
    const response = await fetch(`${base()}/tracking/2025-07/trackings`, { headers: { 'aftership-api-key': DEMO.apiKey } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ meta: { code: 401, type: 'Unauthorized' } });
    await expect(client.listTrackings({ limit: 1 })).resolves.toBeDefined();
  });

  it('maps an unknown key to an auth error without quoting the key', async () => {
    const wrongKey = 'asat_not_registered_anywhere_123';
    const error = await new AfterShipClient({ baseUrl: base(), apiKey: wrongKey }).listTrackings().catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'aftership', kind: 'auth', status: 401, providerCode: '401' });
    expect(error.message).not.toContain(wrongKey);
  });

  it('maps the rate-limit fault to rate_limited, waiting until X-RateLimit-Reset', async () => {
    await sandbox.control('faults', { provider: 'aftership', kind: 'rate_limit', count: 1 });
    const error = await client.listTrackings().catch((e) => e);
    expect(error).toMatchObject({ provider: 'aftership', kind: 'rate_limited', status: 429, providerCode: '429' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('meets the real 5-per-second budget of GET /trackings/{id}', async () => {
    const { trackings } = await client.listTrackings({ limit: 1 });
    // 12 at once: however the calls straddle a second, at most 10 fit in two windows.
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.getTracking(trackings[0].id)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const error of refused) expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: expect.any(Number) });
  });

  it('maps timeout and server faults to their kinds', async () => {
    await sandbox.control('faults', { provider: 'aftership', kind: 'server_error', count: 1 });
    await expect(client.listTrackings()).rejects.toMatchObject({ kind: 'server', status: 500 });
    await sandbox.control('faults', { provider: 'aftership', kind: 'timeout', count: 1 });
    const impatient = new AfterShipClient({ baseUrl: base(), apiKey: DEMO.apiKey, timeoutMs: 200 });
    await expect(impatient.listTrackings()).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('webhooks built by the AfterShip sandbox', () => {
  const state = createSandboxState({});
  const inTransit = () => [...afterShipStore(state).trackings.values()].find((t) => t.tag === 'InTransit')!;
  let receiver: Server;
  let received: Array<{ valid: boolean; body: string }>;

  beforeAll(async () => {
    received = [];
    // Reads the raw bytes and verifies them before parsing, as a real receiver must.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const valid = verifyAfterShipWebhook(raw, req.headers['aftership-hmac-sha256'] as string | undefined, DEMO.webhookSecret);
        received.push({ valid, body: raw.toString() });
        res.writeHead(valid ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('verify with the client verifier and parse into the typed event', () => {
    const tracking = advanceTracking(state, inTransit().id)!;
    const { body, headers } = buildWebhook(tracking, DEMO.webhookSecret);
    expect(verifyAfterShipWebhook(body, headers['aftership-hmac-sha256'], DEMO.webhookSecret)).toBe(true);
    expect(verifyAfterShipWebhook(body.replace('OutForDelivery', 'Delivered'), headers['aftership-hmac-sha256'], DEMO.webhookSecret)).toBe(false);
    const event = parseAfterShipWebhook(body);
    expect(event).toMatchObject({ event: 'tracking_update', is_tracking_first_tag: true, msg: { id: tracking.id, tag: 'OutForDelivery' } });
  });

  it('arrive at a receiver over HTTP with a signature it accepts, and are refused under another secret', async () => {
    const [tracking] = afterShipStore(state).trackings.values();
    expect(await deliverWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, tracking, DEMO.webhookSecret)).toBe(200);
    expect(await deliverWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, tracking, 'not-the-secret')).toBe(401);
    expect(received.map((r) => r.valid)).toEqual([true, false]);
    expect(parseAfterShipWebhook(received[0].body).msg.id).toBe(tracking.id);
  });
});
