// The documented 11st examples (providers/elevenst/fixtures/): the client parses each documented answer, and the
// sandbox answers the same request with the same shape (the XML read into elements, `ns2` dropped, compared by name).
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { replayDocumented, replayServer } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { ElevenstClient } from './client';
import { ElevenstProductsClient } from './products';
import { charsetOf } from './transport';

const apiKey = DEMO_CREDENTIALS.elevenst.apiKey;
const NAMES = ['claim-cancel-approve', 'claim-return-approve-refused', 'claims-cancel-orders', 'claims-return-orders', 'confirm-order', 'confirm-refused', 'orders-complete', 'product-lookup', 'stock-update'];
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false });
const xml = (text: string) => parser.parse(text) as unknown;

test('the fixtures', () => {
  expect(loadFixtures('elevenst').map((f) => f.name)).toEqual([...NAMES, 'settlement-list'].sort());
});

async function withReplay(name: string, run: (client: ElevenstClient) => Promise<void>): Promise<void> {
  await replayDocumented(fixture('elevenst', name), (replay) => run(new ElevenstClient({ baseUrl: replay.url, apiKey })));
}

const line = { ordNo: '20260612076034242', ordPrdSeq: '1', addPrdYn: 'N' as const, addPrdNo: '0', dlvNo: '20260612076034242' };

describe('the client parses the documented answers', () => {
  test('an order line, a confirmation and a refusal', async () => {
    await withReplay('orders-complete', async (client) => {
      const at = new Date('2026-06-12T00:00:00+09:00');
      const [order] = await client.listOrders('complete', at, new Date(at.getTime() + 86_340_000));
      expect(order).toMatchObject({ ordNo: '20260612076034242', prdNm: '상품명', ordQty: 1, selPrc: 19900, addPrdNo: '0' });
    });
    await withReplay('confirm-order', async (client) => {
      expect(await client.confirmOrder(line)).toEqual({ resultCode: 0, resultText: '발주확인완료' });
    });
    await withReplay('confirm-refused', async (client) => {
      const error = await client.confirmOrder({ ...line, dlvNo: '9999999999' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'bad_request', providerCode: '-3308' });
    });
  });

  test('a stock change', async () => {
    const documented = fixture('elevenst', 'stock-update');
    const replay = await replayServer(documented);
    try {
      const client = new ElevenstProductsClient({ baseUrl: replay.url, apiKey });
      expect(await client.updateStock({ prdNo: '47965658', prdStckNo: '434450294', stckQty: 99, optWght: '2' })).toMatch(/변경된 수량 : 99$/);
      expect(replay.requests[0]).toMatchObject({ method: 'PUT', url: documented.request!.path });
    } finally {
      await replay.close();
    }
  });

  test('one product looked up by its number', async () => {
    const documented = fixture('elevenst', 'product-lookup');
    const replay = await replayServer(documented);
    try {
      const client = new ElevenstProductsClient({ baseUrl: replay.url, apiKey });
      expect(await client.product('45597077')).toEqual({ prdNo: '45597077', prdNm: '싸이닉 정품을 하나 더!!! 1+1 특급이벤트!', sellerPrdCd: 'crt555', selPrc: 12000, selStatCd: '103' });
      expect(replay.requests[0]).toMatchObject({ method: 'GET', url: documented.request!.path });
    } finally {
      await replay.close();
    }
  });

  test('the claim lists, a cancellation approved and a return approval refused', async () => {
    const from = new Date('2010-01-15T00:00:00+09:00');
    const to = new Date('2010-01-17T00:00:00+09:00');
    await withReplay('claims-cancel-orders', async (client) => {
      expect(await client.listClaims('cancelorders', from, to)).toEqual([expect.objectContaining({
        kind: 'cancel', claimSeq: '8192583', ordNo: '201001198151936', ordPrdSeq: '1', status: '01', reasonCode: '09',
        reasonText: '다음에 구매하겠습니다.', quantity: 1, requestedAt: '2010-01-19 13:50:05',
      })]);
    });
    await withReplay('claims-return-orders', async (client) => {
      expect(await client.listClaims('returnorders', from, to)).toEqual([expect.objectContaining({
        kind: 'return', claimSeq: '2400330', ordNo: '201001068151292', status: '105', reasonCode: '101', quantity: 1, requestedAt: '2010-01-06 15:16:37',
      })]);
    });
    await withReplay('claim-cancel-approve', async (client) => {
      expect(await client.approveCancellation('8191721', '201001138151745', '1')).toEqual({ resultCode: 0, resultText: '전체 1건이 정상적으로 취소처리가 되었습니다.' });
    });
    await withReplay('claim-return-approve-refused', async (client) => {
      const error = await client.approveReturn('2400330', '201001068151292', '1').catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'bad_request', providerCode: '-24006' });
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  test('every documented request, for an order of its own', async () => {
    const ordNo = ((await sandbox.control('orders', { marketplace: 'ELEVENST' })) as { created: string[] }).created[0];
    const client = new ElevenstClient({ baseUrl: `${sandbox.url}/elevenst`, apiKey });
    const at = new Date(((await (await fetch(`${sandbox.url}/__sandbox/clock`)).json()) as { now: number }).now);
    const order = (await client.listOrders('complete', at, at)).find((o) => o.ordNo === ordNo)!;
    const minute = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace(/[-T:]/g, '');
    const paths: Record<string, string> = {
      'orders-complete': `/ordservices/complete/${minute(at)}/${minute(at)}`,
      'confirm-refused': `/ordservices/reqpackaging/${ordNo}/1/N/null/9999999999`,
      'confirm-order': `/ordservices/reqpackaging/${ordNo}/1/N/null/${order.dlvNo}`,
    };
    for (const name of ['orders-complete', 'confirm-refused', 'confirm-order']) {
      const { response } = fixture('elevenst', name);
      const res = await fetch(`${sandbox.url}/elevenst${paths[name]}`, { headers: { openapikey: apiKey } });
      expect({ name, status: res.status }).toEqual({ name, status: response.status });
      // The documented list holds one line, which 11st prints as a lone element: so does the sandbox for one line.
      const answer = xml(iconv.decode(Buffer.from(await res.arrayBuffer()), charsetOf(res.headers.get('content-type'))));
      expectDocumentedShape(answer, xml(response.body as string));
    }
  });

  test('the claim requests, for claims of its own', async () => {
    const minute = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16).replace(/[-T:]/g, '');
    const now = ((await (await fetch(`${sandbox.url}/__sandbox/clock`)).json()) as { now: number }).now;
    const window = `${minute(now - 86_400_000)}/${minute(now + 60_000)}`;
    // A key of its own per call: the demo key's 5 calls/s are spent by the controls and the test above.
    let calls = 0;
    const get = async (path: string) => {
      const key = `fixtures-claims-${(calls += 1)}`;
      await sandbox.control('credentials', { provider: 'elevenst', credentials: { apiKey: key } });
      const res = await fetch(`${sandbox.url}/elevenst${path}`, { headers: { openapikey: key } });
      return { status: res.status, body: xml(iconv.decode(Buffer.from(await res.arrayBuffer()), charsetOf(res.headers.get('content-type')))) as any };
    };
    await sandbox.control('orders', { marketplace: 'ELEVENST' });
    for (const kind of ['cancel_request', 'return_request']) {
      expect(((await sandbox.control('orders', { marketplace: 'ELEVENST', kind, count: 1 })) as { changed: string[] }).changed).toHaveLength(1);
    }
    const cancels = await get(`/claimservice/cancelorders/${window}`);
    const returns = await get(`/claimservice/returnorders/${window}`);
    const one = (list: any) => [list.orders.order].flat()[0];
    const cancel = one(cancels.body);
    const answers: Record<string, { status: number; body: unknown }> = {
      'claims-cancel-orders': { status: cancels.status, body: { ...cancels.body, orders: { order: cancel } } },
      'claims-return-orders': { status: returns.status, body: { ...returns.body, orders: { order: one(returns.body) } } },
      'claim-cancel-approve': await get(`/claimservice/cancelreqconf/${cancel.ordPrdCnSeq}/${cancel.ordNo}/${cancel.ordPrdSeq}`),
      'claim-return-approve-refused': await get('/claimservice/returnreqconf/1/2/3'),
      'product-lookup': await get('/prodmarketservice/prodmarket/4012345605'),
      'stock-update': await (async () => {
        const key = `fixtures-claims-${(calls += 1)}`;
        await sandbox.control('credentials', { provider: 'elevenst', credentials: { apiKey: key } });
        const body = '<?xml version="1.0" encoding="euc-kr"?><ProductStock><prdNo>4012345605</prdNo><prdStckNo>401234560501</prdStckNo><stckQty>99</stckQty><optWght>0</optWght></ProductStock>';
        const res = await fetch(`${sandbox.url}/elevenst/prodservices/stockqty/401234560501`, { method: 'PUT', headers: { openapikey: key, 'content-type': 'text/xml' }, body });
        return { status: res.status, body: xml(iconv.decode(Buffer.from(await res.arrayBuffer()), charsetOf(res.headers.get('content-type')))) };
      })(),
    };
    for (const [name, answer] of Object.entries(answers)) {
      const { response } = fixture('elevenst', name);
      expect({ name, status: answer.status }).toEqual({ name, status: response.status });
      expectDocumentedShape(answer.body, xml(response.body as string));
    }
  });
});
