import { createHmac } from 'node:crypto';
import { createSandboxState, startSandbox, type Sandbox } from '../server';
import { control, fixedClock, readJson } from '../testing';
import { DEMO_AFTERSHIP_CREDENTIALS as DEMO } from './demo';
import { afterShipStore } from './store';
import { advanceTracking, buildWebhook } from './webhooks';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterAll(() => sandbox.close());
afterEach(async () => {
  await control(sandbox, 'reset', {});
});

const base = (version = '2025-07') => `${sandbox.url}/aftership/tracking/${version}`;
const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; version?: string } = {}) =>
  fetch(`${base(init.version)}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'as-api-key': DEMO.apiKey, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('AfterShip sandbox: the versioned API', () => {
  it('lists the seeded international trackings in the meta/data envelope with the as-api-version header', async () => {
    const res = await call('/trackings');
    expect(res.status).toBe(200);
    expect(res.headers.get('as-api-version')).toBe('2025-07');
    const body = await readJson(res);
    expect(body.meta).toEqual({ code: 200, message: expect.any(String), type: 'OK' });
    expect(body.data.pagination).toMatchObject({ total: expect.any(Number), has_next_page: false });
    const slugs = new Set(body.data.trackings.map((t: any) => t.slug));
    expect([...slugs].sort()).toEqual(['dhl', 'fedex', 'kr-post', 'ups']);
    const tags = new Set(body.data.trackings.map((t: any) => t.tag));
    for (const tag of ['Pending', 'InfoReceived', 'InTransit', 'OutForDelivery', 'Delivered', 'Exception']) expect(tags).toContain(tag);
    const delivered = body.data.trackings.find((t: any) => t.tag === 'Delivered');
    expect(delivered).toMatchObject({ active: false, subtag: 'Delivered_001', legacy_id: expect.stringMatching(/^[0-9a-z]{24}$/) });
    expect(delivered.id).toMatch(/^[0-9a-f]{32}$/);
    expect(delivered.checkpoints.at(-1)).toMatchObject({ tag: 'Delivered', slug: 'fedex', checkpoint_time: expect.stringMatching(/\+00:00$/) });
  });

  it('answers any released version and refuses an unknown one with a 404 meta error', async () => {
    const res2026 = await call('/trackings?limit=1', { version: '2026-01' });
    expect(res2026.headers.get('as-api-version')).toBe('2026-01');
    const res = await call('/trackings', { version: '2025-02' });
    expect(res.status).toBe(404);
    expect(res.headers.get('as-api-version')).toBeNull();
    expect(await readJson(res)).toEqual({ meta: { code: 404, message: expect.any(String), type: 'NotFound' }, data: {} });
  });

  it('refuses the legacy aftership-api-key header on versioned paths with 401 Unauthorized', async () => {
    const res = await fetch(`${base()}/trackings`, { headers: { 'aftership-api-key': DEMO.apiKey } });
    expect(res.status).toBe(401);
    expect(await readJson(res)).toEqual({ meta: { code: 401, message: 'The API Key is invalid.', type: 'Unauthorized' }, data: {} });
    expect((await call('/trackings', { headers: { 'as-api-key': 'asat_unknown_key_9999' } })).status).toBe(401);
  });

  it('creates a Pending tracking from a flat body, finds it by id, and refuses the duplicate with 4003', async () => {
    const input = { tracking_number: '1234567890', slug: 'dhl', order_id: 'OG-9001', title: 'Mug' };
    const created = await call('/trackings', { method: 'POST', body: input });
    expect(created.status).toBe(201);
    const { meta, data } = await readJson(created);
    expect(meta).toMatchObject({ code: 201, type: 'Created' });
    expect(data).toMatchObject({ ...input, tag: 'Pending', subtag: 'Pending_001', active: true, checkpoints: [] });
    const got = await readJson(await call(`/trackings/${data.id}`));
    expect(got.data).toEqual(data);
    const again = await call('/trackings', { method: 'POST', body: input });
    expect(again.status).toBe(400);
    expect(await readJson(again)).toEqual({ meta: { code: 4003, message: 'Tracking already exists.', type: 'BadRequest' }, data: {} });
  });

  it('names the problem of a bad create or lookup with the documented meta codes', async () => {
    const missing = await readJson(await call('/trackings', { method: 'POST', body: { slug: 'dhl' } }));
    expect(missing.meta).toMatchObject({ code: 4007, type: 'BadRequest' });
    const badSlug = await readJson(await call('/trackings', { method: 'POST', body: { tracking_number: 'X1', slug: 'nope' } }));
    expect(badSlug.meta).toMatchObject({ code: 4010 });
    const none = await call('/trackings/00000000000000000000000000000000');
    expect(none.status).toBe(404);
    expect((await readJson(none)).meta).toEqual({ code: 4004, message: 'Tracking does not exist.', type: 'NotFound' });
  });

  it('pages with next_cursor until has_next_page is false, unshaken by a tracking created meanwhile', async () => {
    const first = (await readJson(await call('/trackings?limit=2'))).data;
    expect(first.trackings).toHaveLength(2);
    expect(first.pagination.has_next_page).toBe(true);
    const added = (await readJson(await call('/trackings', { method: 'POST', body: { tracking_number: '998877665544', slug: 'fedex' } }))).data.id;
    const seen = first.trackings.map((t: any) => t.id);
    let cursor = first.pagination.next_cursor;
    while (cursor) {
      const page = (await readJson(await call(`/trackings?limit=2&cursor=${encodeURIComponent(cursor)}`))).data;
      seen.push(...page.trackings.map((t: any) => t.id));
      cursor = page.pagination.has_next_page ? page.pagination.next_cursor : null;
    }
    const all = (await readJson(await call('/trackings?limit=200'))).data;
    expect(new Set(seen).size).toBe(seen.length);
    // Every tracking once, in order; the one created meanwhile shows up only if it sorts after the cursor.
    const without = (ids: string[]) => ids.filter((id) => id !== added);
    expect(without(seen)).toEqual(without(all.trackings.map((t: any) => t.id)));
  });

  it('filters by slug and updated_at_min and refuses a limit above 200 with 4008', async () => {
    const korea = (await readJson(await call('/trackings?slug=kr-post'))).data;
    expect(korea.trackings.length).toBeGreaterThanOrEqual(2);
    expect(korea.trackings.every((t: any) => t.slug === 'kr-post')).toBe(true);
    const since = new Date(fixedClock() - 2 * 86_400_000).toISOString();
    const recent = (await readJson(await call(`/trackings?updated_at_min=${since}`))).data;
    expect(recent.trackings.every((t: any) => Date.parse(t.updated_at) >= Date.parse(since))).toBe(true);
    const tooMany = await call('/trackings?limit=201');
    expect(tooMany.status).toBe(400);
    expect((await readJson(tooMany)).meta).toMatchObject({ code: 4008, message: 'The value of limit is invalid.' });
  });
});

describe('AfterShip sandbox: throttling and faults', () => {
  it('allows 6 list calls per second per key, then answers 429 TooManyRequests until the next second', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call('/trackings?limit=1');
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['5', '4', '3', '2', '1', '0']);
    const refused = await call('/trackings?limit=1');
    expect(refused.status).toBe(429);
    expect((await readJson(refused)).meta).toMatchObject({ code: 429, type: 'TooManyRequests' });
    expect(refused.headers.get('x-ratelimit-limit')).toBe('6');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('x-ratelimit-reset'))).toBe(Math.floor(fixedClock() / 1000) + 1);
    // The per-id endpoint has its own budget of 5.
    const byId = await call('/trackings/00000000000000000000000000000000');
    expect(byId.headers.get('x-ratelimit-limit')).toBe('5');
    await control(sandbox, 'clock', { advanceMs: 1000 });
    expect((await call('/trackings?limit=1')).status).toBe(200);
  });

  it('answers the rate_limit fault with the same 429 and budget headers', async () => {
    await control(sandbox, 'faults', { provider: 'aftership', kind: 'rate_limit', count: 1 });
    const res = await call('/trackings', { method: 'POST', body: { tracking_number: '1Z999AA10123456784', slug: 'ups' } });
    expect(res.status).toBe(429);
    expect((await readJson(res)).meta.type).toBe('TooManyRequests');
    expect(res.headers.get('x-ratelimit-limit')).toBe('20');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('answers server_error and auth_failure faults in the meta envelope', async () => {
    await control(sandbox, 'faults', { provider: 'aftership', kind: 'server_error', count: 1 });
    const failed = await call('/trackings');
    expect(failed.status).toBe(500);
    expect((await readJson(failed)).meta).toMatchObject({ code: 500, type: 'InternalError' });
    await control(sandbox, 'faults', { provider: 'aftership', kind: 'auth_failure', count: 1 });
    expect((await readJson(await call('/trackings'))).meta).toMatchObject({ code: 401, type: 'Unauthorized' });
  });

  it('counts calls by endpoint template and by the last 4 characters of the key', async () => {
    await call('/trackings?limit=1');
    await fetch(`${base()}/trackings`, { headers: { 'aftership-api-key': 'legacy_key_abcd' } });
    const { body } = await control(sandbox, 'calls');
    expect(body.aftership.byEndpoint['GET /tracking/{version}/trackings']).toBe(2);
    expect(body.aftership.byCredential).toEqual({ '0001': 1, abcd: 1 });
  });

  it('accepts a key registered through the control endpoint', async () => {
    await control(sandbox, 'credentials', { provider: 'aftership', credentials: { apiKey: 'asat_registered_key_7777', webhookSecret: 's3' } });
    expect((await call('/trackings?limit=1', { headers: { 'as-api-key': 'asat_registered_key_7777' } })).status).toBe(200);
  });
});

describe('AfterShip sandbox: webhooks', () => {
  const state = createSandboxState({ now: fixedClock });
  const trackings = () => [...afterShipStore(state).trackings.values()];

  it('signs the raw body with base64 HMAC-SHA256 of the webhook secret and sends the documented payload', () => {
    const tracking = trackings()[0];
    const { body, headers } = buildWebhook(tracking, DEMO.webhookSecret);
    expect(headers['aftership-hmac-sha256']).toBe(createHmac('sha256', DEMO.webhookSecret).update(body).digest('base64'));
    expect(headers['as-webhook-version']).toBe('2025-07');
    const payload = JSON.parse(body);
    expect(Object.keys(payload)).toEqual(['event', 'event_id', 'is_tracking_first_tag', 'msg', 'ts']);
    expect(payload).toMatchObject({ event: 'tracking_update', msg: { id: tracking.id, tag: tracking.tag }, ts: Math.floor(tracking.updatedAt / 1000) });
    expect(payload.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('moves a tracking one tag on with a new checkpoint, flagging the first checkpoint of each tag', () => {
    const tracking = trackings().find((t) => t.tag === 'InfoReceived')!;
    const before = tracking.checkpoints.length;
    advanceTracking(state, tracking.id);
    expect(tracking).toMatchObject({ tag: 'InTransit', subtag: 'InTransit_001', active: true });
    expect(tracking.checkpoints).toHaveLength(before + 1);
    expect(JSON.parse(buildWebhook(tracking, 'k').body).is_tracking_first_tag).toBe(true);
    for (const tag of ['OutForDelivery', 'Delivered']) expect(advanceTracking(state, tracking.id)?.tag).toBe(tag);
    expect(tracking.active).toBe(false);
    expect(advanceTracking(state, tracking.id)).toBeUndefined();
    expect(() => advanceTracking(state, 'nope')).toThrow('no AfterShip tracking has id "nope"');
  });

  it('resumes an Exception in transit without flagging it as the first InTransit', () => {
    const tracking = trackings().find((t) => t.tag === 'Exception')!;
    advanceTracking(state, tracking.id);
    expect(tracking.tag).toBe('InTransit');
    expect(JSON.parse(buildWebhook(tracking, 'k').body).is_tracking_first_tag).toBe(false);
  });
});
