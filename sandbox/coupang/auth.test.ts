import { startSandbox, type Sandbox } from '../server';
import { control, fixedClock, T0 } from '../testing';
import { BLOCK_MS } from './throttle';
import { coupang, listQuery, VENDOR_PATH } from './testing';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterAll(() => sandbox.close());
beforeEach(() => control(sandbox, 'reset', {})); // the fixed clock keeps every call in one throttle second

const LIST = `${VENDOR_PATH}/ordersheets`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

it('answers a correctly signed listing with code 200, the order sheets and an empty nextToken', async () => {
  const res = await coupang(sandbox, 'GET', LIST, listQuery('INSTRUCT'));
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ code: 200, message: 'OK', nextToken: '' });
  expect(res.json.data).toHaveLength(5);
  expect(res.json.data[0]).toMatchObject({
    shipmentBoxId: expect.any(Number), orderId: expect.any(Number), status: 'INSTRUCT',
    orderedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    paidAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    orderer: { name: expect.stringMatching(/^.\*+.$/), email: expect.stringContaining('*'), safeNumber: expect.stringMatching(/^0503-\*\*-\d{4}$/) },
    receiver: { name: expect.stringMatching(/^.\*+.$/), addr1: expect.any(String), postCode: expect.any(String) },
    orderItems: [expect.objectContaining({ vendorItemId: expect.any(Number), shippingCount: expect.any(Number), salesPrice: expect.any(Number), externalVendorSkuCode: expect.any(String) })],
  });
  const item = res.json.data[0].orderItems[0];
  expect(item.orderPrice).toBe(item.salesPrice * item.shippingCount);
});

it("accepts the Java sample's header without spaces after the commas", async () => {
  const res = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, { compact: true });
  expect(res.status).toBe(200);
});

it('refuses a query sent with other bytes than were signed: reordered parameters', async () => {
  const res = await coupang(sandbox, 'GET', LIST, 'status=ACCEPT&createdAtFrom=2026-01-01&createdAtTo=2026-01-15', undefined, {
    signedQuery: listQuery('ACCEPT'),
  });
  expect(res.status).toBe(401);
  expect(res.json).toEqual({ code: 'ERROR', message: 'Invalid signature.', transactionId: expect.stringMatching(UUID) });
});

it('refuses a query sent with other bytes than were signed: the same values encoded differently', async () => {
  const sent = 'createdAtFrom=2026-01-15T09:00&createdAtTo=2026-01-15T12:00&status=ACCEPT&searchType=timeFrame';
  const res = await coupang(sandbox, 'GET', LIST, sent, undefined, { signedQuery: sent.replace(/:/g, '%3A') });
  expect(res.status).toBe(401);
  expect(res.json.message).toBe('Invalid signature.');
  expect((await coupang(sandbox, 'GET', LIST, sent)).status).toBe(200);
});

it('refuses a wrong secret and an unknown access key', async () => {
  expect((await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, { secretKey: 'not-the-secret' })).status).toBe(401);
  expect((await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, { accessKey: 'unknown-access-key' })).status).toBe(401);
  const bare = await fetch(`${sandbox.url}/coupang${LIST}?${listQuery('ACCEPT')}`);
  expect(bare.status).toBe(401);
});

it('refuses a signed-date more than 5 minutes off the sandbox clock as expired', async () => {
  const late = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, { at: T0 - 6 * 60_000 });
  expect(late.status).toBe(401);
  expect(late.json).toEqual({ code: 'ERROR', message: 'Specified signature is expired', transactionId: expect.stringMatching(UUID) });
  const early = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, { at: T0 + 6 * 60_000 });
  expect(early.json.message).toBe('Specified signature is expired');
  expect((await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, { at: T0 - 4 * 60_000 })).status).toBe(200);
});

it("refuses a valid key on another vendor's path", async () => {
  const other = { vendorId: 'A00099999', accessKey: 'other-vendor-access-key', secretKey: 'other-vendor-secret-key' };
  await control(sandbox, 'credentials', { provider: 'coupang', credentials: other });
  const own = await coupang(sandbox, 'GET', '/v2/providers/openapi/apis/api/v4/vendors/A00099999/ordersheets', listQuery('ACCEPT'), undefined, other);
  expect(own.json).toMatchObject({ code: 200, data: [] });
  const res = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'), undefined, other);
  expect(res.status).toBe(403);
  expect(res.json).toMatchObject({ code: 403, message: expect.stringContaining('A00012345') });
});

it('throttles a vendor past 10 calls a second with a bare 429 and lets it back a minute later', async () => {
  for (let i = 0; i < 10; i++) expect((await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'))).status).toBe(200);
  const refused = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'));
  expect(refused.status).toBe(429);
  expect(refused.text).toBe('Too Many Requests');
  expect(refused.headers.get('retry-after')).toBeNull();
  await control(sandbox, 'clock', { advanceMs: 2_000 });
  expect((await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'))).status).toBe(429); // still blocked
  await control(sandbox, 'clock', { advanceMs: BLOCK_MS });
  expect((await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT', '', '2026-01-01', '2026-01-17'))).status).toBe(200);
});

it("answers injected faults in Coupang's shapes", async () => {
  await control(sandbox, 'faults', { provider: 'coupang', kind: 'rate_limit', count: 1 });
  const throttled = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'));
  expect([throttled.status, throttled.text]).toEqual([429, 'Too Many Requests']);
  await control(sandbox, 'faults', { provider: 'coupang', kind: 'server_error', count: 1 });
  const failed = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'));
  expect(failed.status).toBe(500);
  expect(failed.json).toMatchObject({ code: 'ERROR', transactionId: expect.stringMatching(UUID) });
  await control(sandbox, 'faults', { provider: 'coupang', kind: 'auth_failure', count: 1 });
  const refused = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'));
  expect([refused.status, refused.json.message]).toEqual([401, 'Invalid signature.']);
});

it('counts calls by real path template and by the last 4 characters of the access key', async () => {
  await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT'));
  const calls = (await control(sandbox, 'calls')).body.coupang;
  expect(calls.byEndpoint).toEqual({ 'GET /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/ordersheets': 1 });
  expect(calls.byCredential).toEqual({ '0001': 1 });
});
