import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { basic, cafe24Base, cafe24Token, control, fixedClock, T0, readJson } from '../testing';
import { consentAsMallAdmin } from './browser';

const app = DEMO_CREDENTIALS.cafe24;
const redirect = 'https://opsgraph.test/oauth/cafe24/callback';
let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterEach(() => sandbox.close());

function tokenCall(form: Record<string, string>, auth = basic(`${app.clientId}:${app.clientSecret}`)) {
  return fetch(`${cafe24Base(sandbox)}/api/v2/oauth/token`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function admin(path: string, token: string) {
  return fetch(`${cafe24Base(sandbox)}${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-cafe24-api-version': '2025-12-01' },
  });
}

describe('Cafe24 OAuth', () => {
  const authorizeUrl = (query: Record<string, string> = {}) =>
    `${cafe24Base(sandbox)}/api/v2/oauth/authorize?${new URLSearchParams({
      response_type: 'code', client_id: app.clientId, state: 'abc', redirect_uri: redirect, scope: 'mall.read_order,mall.read_product', ...query,
    }).toString()}`;

  it('answers the authorize URL with a login-and-consent page, and grants nothing until the form is posted', async () => {
    const page = await fetch(authorizeUrl(), { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<form method="post"/);
    expect(html).toContain('name="admin_id"');
    expect(html).toContain('name="password"');
    expect((await control(sandbox, 'calls')).body.cafe24.byEndpoint['POST /api/v2/oauth/authorize']).toBeUndefined();
  });

  it('redirects the posted consent to the redirect_uri with a code and the state', async () => {
    const location = await consentAsMallAdmin(authorizeUrl(), { adminId: app.mallId, password: 'anything' });
    expect(location.origin + location.pathname).toBe(redirect);
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('refuses a wrong admin id or an empty password, and a redirect_uri the app did not register', async () => {
    const post = (body: Record<string, string>, url = authorizeUrl()) =>
      fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    expect((await post({ admin_id: 'someone-else', password: 'x' })).status).toBe(401);
    expect((await post({ admin_id: app.mallId, password: '' })).status).toBe(401);
    const foreign = authorizeUrl({ redirect_uri: 'https://attacker.example/callback' });
    const page = await fetch(foreign);
    expect(page.status).toBe(400);
    expect(await readJson(page)).toMatchObject({ error: 'invalid_request' });
    const posted = await post({ admin_id: app.mallId, password: 'x' }, foreign);
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
  });

  it('exchanges an authorization code for the documented token document', async () => {
    const location = await consentAsMallAdmin(authorizeUrl(), { adminId: app.mallId });
    const code = location.searchParams.get('code')!;

    const res = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: redirect });
    expect(res.status).toBe(200);
    const token = await readJson(res);
    expect(Object.keys(token).sort()).toEqual(
      ['access_token', 'client_id', 'expires_at', 'issued_at', 'mall_id', 'refresh_token', 'refresh_token_expires_at', 'scopes', 'shop_no', 'token_type', 'user_id'].sort(),
    );
    expect(token).toMatchObject({ client_id: app.clientId, mall_id: app.mallId, scopes: ['mall.read_order', 'mall.read_product'], shop_no: '1', token_type: 'Bearer' });
    expect(token.issued_at).toBe('2026-01-15T12:00:00.000');
    expect(token.expires_at).toBe('2026-01-15T14:00:00.000');
    expect(token.refresh_token_expires_at).toBe('2026-01-29T12:00:00.000');

    const again = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: redirect });
    expect(again.status).toBe(400);
    expect((await readJson(again)).error).toBe('invalid_grant');
  });

  it('refuses an authorization code older than 60 seconds of sandbox clock', async () => {
    const code = (await consentAsMallAdmin(authorizeUrl({ state: 's', scope: '' }), { adminId: app.mallId })).searchParams.get('code')!;
    await control(sandbox, 'clock', { advanceMs: 61_000 });
    const res = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: redirect });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error).toBe('invalid_grant');
  });

  it('answers an unknown client_id at authorize with a 400 OAuth error', async () => {
    const res = await fetch(`${cafe24Base(sandbox)}/api/v2/oauth/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(redirect)}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await readJson(res)).toMatchObject({ error: 'invalid_request' });
  });

  it('rotates the refresh token and refuses the used one, while the old access token still works', async () => {
    const first = await cafe24Token(sandbox);
    const res = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(res.status).toBe(200);
    const second = await readJson(res);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);

    const reuse = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reuse.status).toBe(400);
    expect(await readJson(reuse)).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await admin('/api/v2/admin/orders/count?start_date=2026-01-01&end_date=2026-01-15', first.access_token)).status).toBe(200);
    expect((await admin('/api/v2/admin/orders/count?start_date=2026-01-01&end_date=2026-01-15', second.access_token)).status).toBe(200);
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const res = await tokenCall({ grant_type: 'refresh_token', refresh_token: 'x' }, basic(`${app.clientId}:wrong-secret`));
    expect(res.status).toBe(401);
    expect(await readJson(res)).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('refuses an access token once two hours of sandbox clock have passed', async () => {
    const { access_token } = await cafe24Token(sandbox);
    const path = '/api/v2/admin/orders?start_date=2026-01-01&end_date=2026-01-15';
    expect((await admin(path, access_token)).status).toBe(200);
    await control(sandbox, 'clock', { advanceMs: 2 * 3600_000 });
    const res = await admin(path, access_token);
    expect(res.status).toBe(401);
    const body = await readJson(res);
    expect(body.error).toEqual({ code: 401, message: expect.stringContaining('expired'), more_info: {} });
    expect((await admin(path, 'not-a-token')).status).toBe(401);
  });
});

describe('Cafe24 orders', () => {
  let token: string;
  beforeEach(async () => {
    token = (await cafe24Token(sandbox)).access_token;
  });
  const list = async (query: string) => {
    const res = await admin(`/api/v2/admin/orders?${query}`, token);
    return { status: res.status, body: await readJson(res) };
  };

  it('pages with limit and offset over the date range, sorted by order date', async () => {
    const count = (await readJson(await admin('/api/v2/admin/orders/count?start_date=2026-01-05&end_date=2026-01-15', token))).count;
    expect(count).toBe(30);
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const { body } = await list(`start_date=2026-01-05&end_date=2026-01-15&limit=7&offset=${offset}`);
      seen.push(...body.orders.map((o: any) => o.order_id));
    }
    expect(new Set(seen).size).toBe(30);
    const { body: all } = await list('start_date=2026-01-05&end_date=2026-01-15&limit=100');
    const dates = all.orders.map((o: any) => Date.parse(o.order_date));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect((await list('start_date=2026-01-05&end_date=2026-01-15')).body.orders).toHaveLength(10);

    const { body: day } = await list('start_date=2026-01-10&end_date=2026-01-10&limit=1000');
    for (const o of day.orders) expect(o.order_date.slice(0, 10)).toBe('2026-01-10');
    const { body: range } = await list('start_date=2026-01-10T00:00:00%2B09:00&end_date=2026-01-10T23:59:59%2B09:00&limit=1000');
    expect(range.orders.map((o: any) => o.order_id)).toEqual(day.orders.map((o: any) => o.order_id));
  });

  it('prints orders in the documented shape, with items under embed=items', async () => {
    const { body } = await list('start_date=2026-01-05&end_date=2026-01-15&limit=1000&embed=items');
    const order = body.orders[0];
    expect(order.order_id).toMatch(/^2026\d{4}-\d{7}$/);
    expect(order).toMatchObject({ shop_no: 1, currency: 'KRW', payment_amount: expect.stringMatching(/^\d+\.00$/) });
    expect(order.items[0]).toMatchObject({ product_price: expect.stringMatching(/^\d+\.00$/), order_status: expect.stringMatching(/^N\d0$/) });
    const shipped = body.orders.flatMap((o: any) => o.items).filter((i: any) => i.tracking_no);
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped[0]).toMatchObject({ shipping_company_code: '0001', shipping_company_name: 'CJ대한통운' });
    const single = await readJson(await admin(`/api/v2/admin/orders/${order.order_id}`, token));
    expect(single.order.order_id).toBe(order.order_id);
    expect((await admin('/api/v2/admin/orders/20990101-0000001', token)).status).toBe(404);
  });

  it('answers 422 for a window over 3 months, an offset over 15000 and a bad limit', async () => {
    expect((await list('start_date=2025-10-01&end_date=2026-01-15')).status).toBe(422);
    expect((await list('start_date=2025-10-15&end_date=2026-01-15')).status).toBe(200);
    expect((await list('start_date=2026-01-01&end_date=2026-01-15&offset=15001')).status).toBe(422);
    const bad = await list('start_date=2026-01-01&end_date=2026-01-15&limit=1001');
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe(422);
  });

  it('gives 429 after 40 quick calls and admits calls again as the clock drains the bucket', async () => {
    const path = '/api/v2/admin/orders/count?start_date=2026-01-01&end_date=2026-01-15';
    for (let i = 1; i <= 40; i++) {
      const res = await admin(path, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-api-call-limit')).toBe(`${i}/40`);
    }
    const over = await admin(path, token);
    expect(over.status).toBe(429);
    expect((await readJson(over)).error.code).toBe(429);
    expect(over.headers.get('x-api-call-limit')).toBe('40/40');
    await control(sandbox, 'clock', { advanceMs: 1000 }); // drains 2 calls
    expect((await admin(path, token)).status).toBe(200);
    expect((await admin(path, token)).status).toBe(200);
    expect((await admin(path, token)).status).toBe(429);
  });
});

it('seeds the same orders for the same clock', async () => {
  const other = await startSandbox({ port: 0, now: () => T0, seedOrders: 30 });
  try {
    const ids = async (s: Sandbox) => {
      const { access_token } = await cafe24Token(s);
      const res = await fetch(`${cafe24Base(s)}/api/v2/admin/orders?start_date=2026-01-01&end_date=2026-01-15&limit=100`, { headers: { authorization: `Bearer ${access_token}` } });
      return (await readJson(res)).orders.map((o: any) => `${o.order_id}:${o.payment_amount}`);
    };
    expect(await ids(other)).toEqual(await ids(sandbox));
  } finally {
    await other.close();
  }
});
