import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO_ELEVENST_CREDENTIALS } from '../../sandbox/elevenst/demo';
import { ProviderError } from '../errors';
import { sandboxControl } from '../../test/helpers/sandbox';
import { ElevenstClient } from './client';

// The sandbox clock is held at this instant, so its 5 calls/s window only moves when a test moves it.
const T0 = Date.parse('2026-01-15T12:00:00+09:00');
const DAY = 86_400_000;
const apiKey = DEMO_ELEVENST_CREDENTIALS.apiKey;

describe('ElevenstClient decoding', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads Korean product and buyer names from EUC-KR bytes that are not UTF-8', async () => {
    // 상품명 = BB F3 C7 B0 B8 ED and 홍길동 = C8 AB B1 E6 B5 BF, read off the KS X 1001 table (checked once with
    // Node's built-in TextDecoder('euc-kr'), not with iconv-lite, which the client uses).
    const ascii = (text: string) => Buffer.from(text, 'latin1');
    const body = Buffer.concat([
      ascii('<?xml version="1.0" encoding="euc-kr"?>\n<ns2:orders xmlns:ns2="http://skt.tmall.business.openapi.spring.service.client.domain/">'),
      ascii('<ns2:order><ordNo>20260612076034242</ordNo><ordPrdSeq>1</ordPrdSeq><dlvNo>3000000001</dlvNo><prdNm>'),
      Buffer.from('bbf3c7b0b8ed', 'hex'),
      ascii('</prdNm><rcvrNm>'),
      Buffer.from('c8abb1e6b5bf', 'hex'),
      ascii('</rcvrNm><ordQty>2</ordQty><selPrc>19900</selPrc><ordAmt>39800</ordAmt></ns2:order></ns2:orders>'),
    ]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    let seenKey: string | undefined;
    server = createServer((req, res) => {
      seenKey = req.headers.openapikey as string;
      res.writeHead(200, { 'content-type': 'text/xml;charset=euc-kr' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new ElevenstClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k-123456' });
    const [order] = await client.listOrders('complete', new Date(T0 - DAY), new Date(T0));
    expect(seenKey).toBe('k-123456');
    expect(order).toMatchObject({ state: 'complete', ordNo: '20260612076034242', prdNm: '상품명', rcvrNm: '홍길동', ordQty: 2, selPrc: 19900, ordAmt: 39800 });
  });
});

describe('ElevenstClient against the sandbox', () => {
  let sandbox: Sandbox;
  let client: ElevenstClient;
  const control = async (path: string, body?: unknown): Promise<any> => (await sandboxControl(sandbox.url, path, body)).body;
  const now = async () => new Date((await control('clock')).now as number);
  const createOrders = async (count: number): Promise<string[]> => (await control('orders', { marketplace: 'ELEVENST', count })).created;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, now: () => T0 });
    client = new ElevenstClient({ baseUrl: `${sandbox.url}/elevenst`, apiKey });
  });
  afterAll(() => sandbox.close());
  afterEach(async () => {
    await control('reset', {});
    await control('clock', { advanceMs: 60_000 }); // each test starts in a minute of its own
  });

  it('returns an array for a window holding exactly one order, and for one holding two', async () => {
    const [first] = await createOrders(1);
    const at = await now();
    const one = await client.listOrders('complete', at, at);
    expect(one.map((o) => o.ordNo)).toEqual([first]);
    const [second] = await createOrders(1);
    const two = await client.listOrders('complete', at, at);
    expect(two.map((o) => o.ordNo)).toEqual([first, second]);
    expect(two[0]).toMatchObject({ ordPrdSeq: '1', addPrdYn: 'N', addPrdNo: '0', prdNm: expect.stringMatching(/[가-힣]/) });
    await expect(client.listOrders('shipping', at, at)).resolves.toEqual([]);
  });

  it('asks for a 10-day window in two queries and finds the seeded orders of all of it', async () => {
    const to = await now();
    const orders = await client.listOrders('dlvcompleted', new Date(to.getTime() - 10 * DAY), to);
    const calls = (await control('calls')).elevenst;
    expect(calls.byEndpoint['GET /ordservices/dlvcompleted/{startTime}/{endTime}']).toBe(2);
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(order).toMatchObject({ state: 'dlvcompleted', dlvEtprsCd: expect.stringMatching(/^\d{5}$/), invcNo: expect.any(String) });
  });

  it('confirms and dispatches an order, and Sweet Tracker then knows its parcel', async () => {
    await createOrders(1);
    const at = await now();
    const [order] = await client.listOrders('complete', at, at);
    await expect(client.confirmOrder(order)).resolves.toEqual({ resultCode: 0, resultText: '발주확인완료' });
    expect((await client.listOrders('packaging', at, at)).map((o) => o.ordNo)).toEqual([order.ordNo]);
    const dispatched = await client.dispatchOrder({ sendDt: at, dlvEtprsCd: '00034', invcNo: '612300004567', dlvNo: order.dlvNo });
    expect(dispatched.resultCode).toBe(0);
    const [shipped] = await client.listOrders('shipping', at, at);
    expect(shipped).toMatchObject({ ordNo: order.ordNo, dlvEtprsCd: '00034', invcNo: '612300004567' });
    const tracking = await fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=demoSweetTrackerKey0001&t_code=04&t_invoice=612300004567`);
    expect(await tracking.json()).toMatchObject({ result: 'Y', invoiceNo: '612300004567', itemName: order.prdNm });
  });

  it('maps a refused action to bad_request with the negative result_code as providerCode', async () => {
    await createOrders(1);
    const at = await now();
    const [order] = await client.listOrders('complete', at, at);
    const error = await client.confirmOrder({ ...order, dlvNo: '3999999999' }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'elevenst', kind: 'bad_request', providerCode: '-3308', status: 200 });
    expect(error.message).toContain('-3308');
    const early = await client.dispatchOrder({ sendDt: at, dlvEtprsCd: '00034', invcNo: '612300009999', dlvNo: order.dlvNo }).catch((e) => e);
    expect(early).toMatchObject({ kind: 'bad_request', providerCode: '-3308' });
  });

  it('refuses a window that ends before it starts without calling 11st', async () => {
    await expect(client.listOrders('complete', new Date(T0), new Date(T0 - DAY))).rejects.toThrow(RangeError);
    expect((await control('calls')).elevenst.total).toBe(0);
  });

  it('maps an unknown openapikey to auth without quoting the key', async () => {
    const wrongKey = 'notARegisteredElevenstKey42';
    const wrong = new ElevenstClient({ baseUrl: `${sandbox.url}/elevenst`, apiKey: wrongKey });
    const error = await wrong.listOrders('complete', new Date(T0 - DAY), new Date(T0)).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'elevenst', kind: 'auth', providerCode: '-100' });
    expect(error.message).not.toContain(wrongKey);
    await expect(wrong.confirmOrder({ ordNo: '1', ordPrdSeq: 1, addPrdYn: 'N', addPrdNo: '0', dlvNo: '1' })).rejects.toMatchObject({ kind: 'auth' });
  });

  it('maps overload (the sixth call in a second, or the fault) to rate_limited with a one-second backoff', async () => {
    const at = await now();
    for (let i = 0; i < 5; i++) await client.listOrders('complete', at, at);
    const error = await client.listOrders('complete', at, at).catch((e) => e);
    expect(error).toMatchObject({ provider: 'elevenst', kind: 'rate_limited', providerCode: '004', retryAfterMs: 1000 });
    await control('reset', {});
    await control('faults', { provider: 'elevenst', kind: 'rate_limit', count: 1 });
    await expect(client.listOrders('complete', at, at)).rejects.toMatchObject({ kind: 'rate_limited', providerCode: '004' });
  });

  it('maps a server fault to server and a silent 11st to timeout', async () => {
    const at = await now();
    await control('faults', { provider: 'elevenst', kind: 'server_error', count: 1 });
    await expect(client.listOrders('complete', at, at)).rejects.toMatchObject({ kind: 'server', status: 500 });
    await control('faults', { provider: 'elevenst', kind: 'timeout', count: 1 });
    const impatient = new ElevenstClient({ baseUrl: `${sandbox.url}/elevenst`, apiKey, timeoutMs: 200 });
    await expect(impatient.listOrders('complete', at, at)).rejects.toMatchObject({ kind: 'timeout' });
  });
});
