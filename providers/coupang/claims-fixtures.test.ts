// The documented Coupang claim examples (providers/coupang/fixtures/: return-requests, exchange-requests,
// receive-confirmation, return-approval, stopped-shipment): the client parses each documented answer and sends the
// documented request; the sandbox answers the same requests, for claims it holds, with the same shapes.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { expectDocumentedShape, fixture } from '../test-support/fixtures';
import { replayServer } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { CoupangClient } from './client';
import { coupangQuery } from './query';
import { signCoupangRequest } from './sign';

const demo = DEMO_CREDENTIALS.coupang;

/** The documented vendor of a fixture's path, so the client builds the very path the documentation shows. */
const vendorOf = (path: string) => /\/vendors\/([^/]+)\//.exec(path)![1];

async function withReplay(name: string, run: (client: CoupangClient) => Promise<void>): Promise<void> {
  const documented = fixture('coupang', name);
  const replay = await replayServer(documented);
  try {
    await run(new CoupangClient({ baseUrl: replay.url, vendorId: vendorOf(documented.request!.path), accessKey: demo.accessKey, secretKey: demo.secretKey }));
    const sent = replay.requests[0];
    expect(sent).toMatchObject({ method: documented.request!.method });
    const url = new URL(sent.url, replay.url);
    expect(url.pathname).toBe(documented.request!.path);
    for (const [name, value] of Object.entries(documented.request!.query ?? {})) expect([name, url.searchParams.get(name)]).toEqual([name, value]);
    if (documented.request!.body) expect(JSON.parse(sent.body)).toEqual(documented.request!.body);
  } finally {
    await replay.close();
  }
}

describe('the client sends the documented requests and parses the documented answers', () => {
  test('return requests', async () => {
    await withReplay('return-requests', async (client) => {
      const page = await client.listReturnRequests({ createdAtFrom: '2017-08-27', createdAtTo: '2017-09-03', status: 'UC', maxPerPage: 20 });
      expect(page).toMatchObject({ nextToken: '', items: [{ receiptId: 50229613, receiptStatus: 'RETURNS_UNCHECKED', returnItems: [{ shipmentBoxId: 434119941 }] }] });
    });
  });

  test('exchange requests', async () => {
    await withReplay('exchange-requests', async (client) => {
      const page = await client.listExchangeRequests({ createdAtFrom: '2016-03-15T13:00:00', createdAtTo: '2016-03-16T13:00:00' });
      expect(page).toMatchObject({ nextToken: '', items: [{ exchangeId: 100000170, exchangeStatus: 'RECEIPT', exchangeItemDtoV1s: [{ quantity: 1 }] }] });
    });
  });

  test('the actions', async () => {
    await withReplay('receive-confirmation', (client) => client.confirmReturnReceipt(363585));
    await withReplay('return-approval', (client) => client.approveReturnRequest(363585, 1));
    await withReplay('stopped-shipment', async (client) => {
      expect(await client.stopShipment(363667, 2)).toEqual({ succeeded: true, message: 'Request for release stop succeeded' });
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  const vendorPath = `/v2/providers/openapi/apis/api/v4/vendors/${demo.vendorId}`;
  const kstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
  const kstSecond = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19);

  async function call(method: 'GET' | 'PUT', path: string, params: Record<string, string> = {}, body?: unknown) {
    await sandbox.control('reset', {}); // this caller is not paced: start from an empty throttle window
    const query = coupangQuery(Object.entries(params));
    const { authorization } = signCoupangRequest({ method, path, query, accessKey: demo.accessKey, secretKey: demo.secretKey, now: new Date() });
    const res = await fetch(`${sandbox.url}/coupang${path}${query ? `?${query}` : ''}`, {
      method, headers: { authorization, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  /** The documented request's own body, with the sandbox's vendor and receipt. */
  const bodyOf = (name: string, receiptId: number, extra: Record<string, unknown> = {}) =>
    ({ ...(fixture('coupang', name).request!.body as Record<string, unknown>), vendorId: demo.vendorId, receiptId, ...extra });

  function expectFixture(name: string, answer: { status: number; body: unknown }) {
    const documented = fixture('coupang', name);
    expect({ name, status: answer.status }).toEqual({ name, status: documented.response.status });
    expectDocumentedShape(answer.body, documented.response.body);
  }

  const week = () => ({ createdAtFrom: kstDay(Date.now() - 6 * 86_400_000), createdAtTo: kstDay(Date.now()) });

  test('a return: listed, its receipt confirmed, approved', async () => {
    await sandbox.control('orders', { marketplace: 'COUPANG', kind: 'return_request', count: 1 });
    const listed = await call('GET', `${vendorPath}/returnRequests`, { maxPerPage: '20', ...week(), status: 'UC' });
    expectFixture('return-requests', listed);
    const { receiptId, cancelCountSum } = listed.body.data[0];
    expectFixture('receive-confirmation', await call('PUT', `${vendorPath}/returnRequests/${receiptId}/receiveConfirmation`, {}, bodyOf('receive-confirmation', receiptId)));
    expectFixture('return-approval', await call('PUT', `${vendorPath}/returnRequests/${receiptId}/approval`, {}, bodyOf('return-approval', receiptId, { cancelCount: cancelCountSum })));
    const done = await call('GET', `${vendorPath}/returnRequests`, { ...week(), status: 'CC' });
    expect(done.body.data.find((r: any) => r.receiptId === receiptId)).toMatchObject({ receiptStatus: 'RETURNS_COMPLETED' });
  });

  test('a 출고중지요청: listed under RU, stopped', async () => {
    await sandbox.control('orders', { marketplace: 'COUPANG', kind: 'cancel_request', count: 1 });
    const listed = await call('GET', `${vendorPath}/returnRequests`, { ...week(), status: 'RU' });
    expectFixture('return-requests', listed);
    const { receiptId, cancelCountSum } = listed.body.data[0];
    expectFixture('stopped-shipment', await call('PUT', `${vendorPath}/returnRequests/${receiptId}/stoppedShipment`, {}, bodyOf('stopped-shipment', receiptId, { cancelCount: cancelCountSum })));
    // Stopped once: a second stop is Coupang's FAIL, still a 200.
    const again = await call('PUT', `${vendorPath}/returnRequests/${receiptId}/stoppedShipment`, {}, bodyOf('stopped-shipment', receiptId, { cancelCount: cancelCountSum }));
    expect(again).toMatchObject({ status: 200, body: { data: { resultCode: 'FAIL' } } });
  });

  test('an exchange request, and the 7-day limit', async () => {
    await sandbox.control('orders', { marketplace: 'COUPANG', kind: 'exchange_request', count: 1 });
    const now = Date.now();
    expectFixture('exchange-requests', await call('GET', `${vendorPath}/exchangeRequests`, { createdAtFrom: kstSecond(now - 86_400_000), createdAtTo: kstSecond(now + 1000) }));
    const wide = await call('GET', `${vendorPath}/exchangeRequests`, { createdAtFrom: kstSecond(now - 8 * 86_400_000), createdAtTo: kstSecond(now) });
    expect(wide.status).toBe(400);
  });
});
