import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { DEMO_COUPANG_CREDENTIALS } from '../../sandbox/coupang/demo';
import { ProviderError } from '../errors';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { CoupangClient } from './client';
import { COUPANG_THROTTLE_BACKOFF_MS } from './errors';
import { signCoupangRequest } from './sign';

const kstDate = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
/** The seeded boxes lie within the last 10 days of the sandbox clock (the real clock here). */
const range = () => ({ createdAtFrom: kstDate(Date.now() - 11 * 86_400_000), createdAtTo: kstDate(Date.now()) });
const LIST_PATH = `/v2/providers/openapi/apis/api/v4/vendors/${DEMO_COUPANG_CREDENTIALS.vendorId}/ordersheets`;

describe('CoupangClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: CoupangClient;
  const make = (overrides: Partial<ConstructorParameters<typeof CoupangClient>[0]> = {}) =>
    new CoupangClient({ baseUrl: `${sandbox.url}/coupang`, ...DEMO_COUPANG_CREDENTIALS, ...overrides });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = make();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {}); // also empties the vendor's throttle window
  });

  it("lists order sheets with a signature the sandbox accepts", async () => {
    const page = await client.listOrderSheets({ ...range(), status: 'INSTRUCT' });
    expect(page.nextToken).toBe('');
    expect(page.orderSheets.length).toBeGreaterThan(0);
    expect(page.orderSheets.every((sheet) => sheet.status === 'INSTRUCT')).toBe(true);
  });

  it('is refused with 401 Invalid signature when the bytes sent differ from the bytes signed', async () => {
    // By hand, without the client: spaces re-encoded (%20 → +) and parameters reordered after signing.
    const { createdAtFrom, createdAtTo } = range();
    const signedQuery = `createdAtFrom=${createdAtFrom}&createdAtTo=${createdAtTo}&status=ACCEPT&memo=a%20b`;
    const { authorization } = signCoupangRequest({
      method: 'GET', path: LIST_PATH, query: signedQuery, accessKey: DEMO_COUPANG_CREDENTIALS.accessKey,
      secretKey: DEMO_COUPANG_CREDENTIALS.secretKey, now: new Date(),
    });
    const send = (query: string) => fetch(`${sandbox.url}/coupang${LIST_PATH}?${query}`, { headers: { authorization } });
    expect((await send(signedQuery)).status).toBe(200);
    for (const tampered of [signedQuery.replace('%20', '+'), `status=ACCEPT&createdAtFrom=${createdAtFrom}&createdAtTo=${createdAtTo}&memo=a%20b`]) {
      const response = await send(tampered);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'ERROR', message: 'Invalid signature.' });
    }
  });

  it('maps a signed-date 10 minutes off to an auth error that quotes no credential', async () => {
    const stale = make({ now: () => new Date(Date.now() - 10 * 60_000) });
    const error = await stale.listOrderSheets({ ...range(), status: 'ACCEPT' }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'coupang', kind: 'auth', status: 401, providerCode: 'ERROR' });
    expect(error.message).toContain('Specified signature is expired');
    expect(error.message).not.toContain(DEMO_COUPANG_CREDENTIALS.secretKey);
  });

  it('maps a wrong secret to auth without quoting it', async () => {
    const wrong = make({ secretKey: 'wrong-coupang-secret-9999' });
    const error = await wrong.getOrderSheet(1).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).not.toContain('wrong-coupang-secret-9999');
  });

  it('follows nextToken across pages until it is empty', async () => {
    const sheets = [];
    for await (const sheet of client.allOrderSheets({ ...range(), status: 'FINAL_DELIVERY', maxPerPage: 2 })) sheets.push(sheet);
    expect(sheets).toHaveLength(6);
    expect(new Set(sheets.map((s) => s.shipmentBoxId)).size).toBe(6);
    const calls = await sandbox.calls('coupang');
    expect(calls.byEndpoint['GET /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/ordersheets']).toBe(3);
  });

  it('acknowledges an ACCEPT box into INSTRUCT and reports a refused box as a value', async () => {
    const [sheet] = (await client.listOrderSheets({ ...range(), status: 'ACCEPT' })).orderSheets;
    const results = await client.acknowledgeOrders([sheet.shipmentBoxId, 42]);
    expect(results).toEqual([
      { shipmentBoxId: sheet.shipmentBoxId, succeeded: true, resultCode: 'OK', resultMessage: '', retryRequired: false },
      { shipmentBoxId: 42, succeeded: false, resultCode: 'NOT_FOUND_SHIPMENT_BOX', resultMessage: expect.any(String), retryRequired: false },
    ]);
    expect((await client.getOrderSheet(sheet.shipmentBoxId)).status).toBe('INSTRUCT');
  });

  it('uploads an invoice: the box departs and Sweet Tracker knows the parcel', async () => {
    const [sheet] = (await client.listOrderSheets({ ...range(), status: 'INSTRUCT' })).orderSheets;
    const [result] = await client.uploadInvoices([{
      shipmentBoxId: sheet.shipmentBoxId, orderId: sheet.orderId, vendorItemId: sheet.orderItems[0].vendorItemId,
      deliveryCompanyCode: 'CJGLS', invoiceNumber: '551234567890',
    }]);
    expect(result).toMatchObject({ succeeded: true, resultCode: 'OK' });
    expect(await client.getOrderSheet(sheet.shipmentBoxId)).toMatchObject({ status: 'DEPARTURE', invoiceNumber: '551234567890' });
    const tracking = await fetch(
      `${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=${DEMO_CREDENTIALS.sweettracker.apiKey}&t_code=04&t_invoice=551234567890`,
    );
    expect(await tracking.json()).toMatchObject({ result: 'Y', invoiceNo: '551234567890' });
  });

  it('maps an unknown shipment box to not_found', async () => {
    await expect(client.getOrderSheet(999)).rejects.toMatchObject({ kind: 'not_found', status: 404 });
  });

  it("maps Coupang's header-less 429 to rate_limited with a conservative one-minute retryAfterMs", async () => {
    await sandbox.control('faults', { provider: 'coupang', kind: 'rate_limit', count: 1 });
    const error = await client.getOrderSheet(1).catch((e) => e);
    expect(error).toMatchObject({ provider: 'coupang', kind: 'rate_limited', status: 429, retryAfterMs: COUPANG_THROTTLE_BACKOFF_MS });
    expect(COUPANG_THROTTLE_BACKOFF_MS).toBe(60_000);
  });

  it('is throttled by the sandbox past 10 calls a second like Coupang', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => client.getOrderSheet(1).then(() => 'ok', (e: ProviderError) => e.kind)),
    );
    expect(outcomes.filter((kind) => kind === 'rate_limited').length).toBeGreaterThanOrEqual(2);
  });
});
