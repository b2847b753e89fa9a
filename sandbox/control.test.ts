import { DEMO_CREDENTIALS } from './demo';
import { startSandbox, type Sandbox } from './server';
import { basic, cafe24Base, cafe24Token, control, fixedClock, T0, readJson } from './testing';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterEach(() => sandbox.close());

const tossKey = DEMO_CREDENTIALS.toss.secretKey;
const tossCall = (key: string = tossKey) =>
  fetch(`${sandbox.url}/toss/v1/payments/orders/20260115-0000001`, { headers: { authorization: basic(`${key}:`) } });
const trackCall = (key: string = DEMO_CREDENTIALS.sweettracker.apiKey) =>
  fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=${key}&t_code=04&t_invoice=000000000000`);

describe('faults', () => {
  it('answers rate_limit with each provider’s own throttle reply', async () => {
    for (const provider of ['cafe24', 'toss', 'sweettracker', 'openai']) {
      expect((await control(sandbox, 'faults', { provider, kind: 'rate_limit' })).status).toBe(200);
    }
    const toss = await tossCall();
    expect(toss.status).toBe(403);
    expect((await readJson(toss)).code).toBe('FORBIDDEN_CONSECUTIVE_REQUEST');
    const st = await trackCall();
    expect(st.status).toBe(200);
    expect(await readJson(st)).toMatchObject({ status: false, code: '103' });
    const cafe24 = await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders`, { headers: { authorization: 'Bearer x' } });
    expect(cafe24.status).toBe(429);
    expect(cafe24.headers.get('x-api-call-limit')).toBe('40/40');
    const openai = await fetch(`${sandbox.url}/openai/v1/embeddings`, { method: 'POST', headers: { authorization: 'Bearer x' }, body: '{}' });
    expect(openai.status).toBe(429);
    expect((await readJson(openai)).error.code).toBe('rate_limit_exceeded');
  });

  it('stops a fault after count calls, and rate 0 removes it', async () => {
    await control(sandbox, 'faults', { provider: 'toss', kind: 'server_error', count: 2 });
    expect((await tossCall()).status).toBe(500);
    expect((await tossCall()).status).toBe(500);
    expect((await tossCall()).status).toBe(404);

    await control(sandbox, 'faults', { provider: 'toss', kind: 'auth_failure' });
    expect((await tossCall()).status).toBe(401);
    await control(sandbox, 'faults', { provider: 'toss', kind: 'auth_failure', rate: 0 });
    expect((await tossCall()).status).toBe(404);
    expect((await control(sandbox, 'faults')).body.faults).toEqual([]);
  });

  it('hits exactly every second call at rate 0.5', async () => {
    await control(sandbox, 'faults', { provider: 'toss', kind: 'server_error', rate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await tossCall()).status);
    expect(statuses).toEqual([404, 500, 404, 500, 404, 500]);
  });

  it('holds a call unanswered under a timeout fault until the client gives up', async () => {
    await control(sandbox, 'faults', { provider: 'toss', kind: 'timeout', count: 1 });
    const abort = new AbortController();
    const pending = fetch(`${sandbox.url}/toss/v1/payments/orders/x`, { headers: { authorization: basic(`${tossKey}:`) }, signal: abort.signal });
    // Wait for the sandbox to have received the call (an event, not a sleep), then give up on it.
    while ((await control(sandbox, 'calls')).body.toss.total === 0);
    abort.abort();
    await expect(pending).rejects.toThrow();
    expect((await tossCall()).status).toBe(404);
  });

  it('delays calls by latencyMs under a latency fault', async () => {
    await control(sandbox, 'faults', { provider: 'toss', kind: 'latency', latencyMs: 50, count: 1 });
    const started = performance.now();
    expect((await tossCall()).status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('refuses bad fault input naming the field', async () => {
    expect(await control(sandbox, 'faults', { provider: 'toss', kind: 'explode' })).toEqual({
      status: 400, body: { error: expect.stringContaining('kind must be one of') },
    });
    expect((await control(sandbox, 'faults', { provider: 'nope', kind: 'timeout' })).body.error).toMatch(/^provider/);
    expect((await control(sandbox, 'faults', { provider: 'toss', kind: 'timeout', rate: 2 })).body.error).toMatch(/^rate/);
    expect((await control(sandbox, 'faults', { provider: 'toss', kind: 'timeout', count: 0 })).body.error).toMatch(/^count/);
  });
});

describe('counters', () => {
  it('counts every call by route template and by the last 4 characters of the credential, refused ones too', async () => {
    const { access_token } = await cafe24Token(sandbox);
    await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders/20260115-0000001`, { headers: { authorization: `Bearer ${access_token}` } });
    await tossCall();
    await tossCall('test_sk_other_key_ABCD');
    await trackCall('badkeyWXYZ');
    const { body } = await control(sandbox, 'calls');
    expect(body.cafe24).toEqual({
      total: 4,
      byEndpoint: { 'GET /api/v2/oauth/authorize': 1, 'POST /api/v2/oauth/authorize': 1, 'POST /api/v2/oauth/token': 1, 'GET /api/v2/admin/orders/{order_id}': 1 },
      byCredential: { '0001': 3, [access_token.slice(-4)]: 1 },
    });
    expect(body.toss).toEqual({ total: 2, byEndpoint: { 'GET /v1/payments/orders/{orderId}': 2 }, byCredential: { '0001': 1, ABCD: 1 } });
    expect(body.sweettracker).toEqual({ total: 1, byEndpoint: { 'GET /api/v1/trackingInfo': 1 }, byCredential: { WXYZ: 1 } });
    expect(body.openai).toEqual({ total: 0, byEndpoint: {}, byCredential: {} });

    await control(sandbox, 'reset', {});
    expect((await control(sandbox, 'calls')).body.toss.total).toBe(0);
  });
});

describe('credentials', () => {
  it('accepts newly registered credentials, and a new Cafe24 mall sees the shared order list', async () => {
    const app = { mallId: 'secondmall', clientId: 'secondClientId0002', clientSecret: 'secondSecret0002' };
    expect((await control(sandbox, 'credentials', { provider: 'cafe24', credentials: app })).status).toBe(200);
    const { access_token } = await cafe24Token(sandbox, app);
    const res = await fetch(`${cafe24Base(sandbox, 'secondmall')}/api/v2/admin/orders/count?start_date=2026-01-01&end_date=2026-01-15`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await readJson(res)).toEqual({ count: 30 });

    expect((await tossCall('test_sk_new_key_0002')).status).toBe(401);
    await control(sandbox, 'credentials', { provider: 'toss', credentials: { secretKey: 'test_sk_new_key_0002' } });
    expect((await tossCall('test_sk_new_key_0002')).status).toBe(404);
  });

  it('refuses credentials missing a field, naming it', async () => {
    const res = await control(sandbox, 'credentials', { provider: 'cafe24', credentials: { mallId: 'm', clientId: 'c' } });
    expect(res).toEqual({ status: 400, body: { error: expect.stringContaining('credentials.clientSecret') } });
  });
});

describe('orders and clock', () => {
  async function orders(query = 'start_date=2026-01-01&end_date=2026-01-31&limit=1000&embed=items&date_type=updated_date') {
    const { access_token } = await cafe24Token(sandbox);
    const res = await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders?${query}`, { headers: { authorization: `Bearer ${access_token}` } });
    return (await readJson(res)).orders as any[];
  }

  it('creates new Cafe24 orders dated now', async () => {
    await control(sandbox, 'clock', { advanceMs: 3600_000 });
    const { status, body } = await control(sandbox, 'orders', { marketplace: 'CAFE24', count: 3 });
    expect(status).toBe(200);
    expect(body.created).toHaveLength(3);
    expect(body.created[0]).toMatch(/^20260115-\d{7}$/);
    const listed = (await orders()).filter((o) => body.created.includes(o.order_id));
    expect(listed).toHaveLength(3);
    for (const o of listed) expect(o.order_date).toBe('2026-01-15T13:00:00+09:00');
  });

  it('advances order statuses and stamps them updated now', async () => {
    const { body } = await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'status_change', count: 2 });
    expect(body.changed).toHaveLength(2);
    const after = (await orders()).filter((o) => body.changed.includes(o.order_id));
    expect(after).toHaveLength(2);
    for (const o of after) expect(o.items[0].order_status).toMatch(/^N(10|20|30|40)$/);
    const recent = await orders('start_date=2026-01-15T12:00:00%2B09:00&end_date=2026-01-15T12:00:00%2B09:00&date_type=updated_date');
    expect(recent.map((o) => o.order_id).sort()).toEqual([...body.changed].sort());
  });

  it('serves every marketplace of the contract and refuses unknown ones', async () => {
    for (const marketplace of ['NAVER', 'COUPANG', 'ELEVENST']) {
      const created = await control(sandbox, 'orders', { marketplace, count: 2 });
      expect(created.status).toBe(200);
      expect(created.body.created).toHaveLength(2);
    }
    expect((await control(sandbox, 'orders', { marketplace: 'AMAZON' })).body.error).toMatch(/^marketplace/);
    expect((await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'later' })).body.error).toMatch(/^kind/);
  });

  it('advances the clock and reports the new now', async () => {
    expect(await control(sandbox, 'clock', { advanceMs: 5000 })).toEqual({ status: 200, body: { now: T0 + 5000 } });
    expect((await control(sandbox, 'clock', { advanceMs: -1 })).body.error).toMatch(/^advanceMs/);
  });
});
